import type { OcrResult } from './OcrEngine.js';
import { columnSums, uprightMask, type UprightOptions } from './uprightMask.js';

/** Lit segments (a b c d e f g, in that order) → character. */
const PATTERNS: Record<string, string> = {
  abcdef: '0',
  bc: '1',
  abdeg: '2',
  abcdg: '3',
  bcfg: '4',
  acdfg: '5',
  acdefg: '6',
  cdefg: '6', // a 6 without its top bar (some displays)
  abc: '7',
  abcf: '7', // a 7 with a hook (some displays)
  abcdefg: '8',
  abcdfg: '9',
  abcfg: '9', // a 9 without its bottom bar (some displays)
  g: '-',
  adefg: 'E',
  abdefg: 'e',
};

/**
 * Options of {@link readSevenSegment}.
 *
 * @example
 * const o: SevenSegmentOptions = { slantDegrees: 6 };
 */
export type SevenSegmentOptions = UprightOptions;

/**
 * Reads a seven-segment display from a processed picture (dark segments on white, as
 * `processPicture` makes it, thresholded) by looking at each segment's place in each digit,
 * as `ssocr` does: Tesseract's models are trained on fonts and read segments poorly.
 * The picture is first turned level and its slant undone. Characters: `0-9`, `-`, `E`, `e`,
 * the decimal point (`.`, or `,` when it has a tail). The confidence (0..100) of a digit is
 * low when one of its segments is neither clearly lit nor clearly dark (between 25 and 75 %
 * of its place inked), and 0 when its
 * segments match no character (then the text holds `?`).
 *
 * @example
 * const { text, confidence } = readSevenSegment(grey, width, height, { slantDegrees: 6 });
 */
export function readSevenSegment(grey: Uint8Array, width: number, height: number, options: SevenSegmentOptions = {}): OcrResult {
  const mask = uprightMask(grey, width, height, options);
  if (!mask) return { text: '', confidence: 0, symbols: [] };
  return readUpright(mask, width, height);
}

/** Reads an upright (level, unslanted) 0/1 ink mask. */
function readUpright(mask: { data: Uint8Array; width: number; height: number }, width: number, height: number): OcrResult {
  const m = mask.data;
  const ink = (x: number, y: number): number => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < width && yi < height ? m[yi * width + xi]! : 0;
  };
  // Blobs of adjacent ink columns, with their ink rows.
  const cols = columnSums(mask);
  const blobs: { x0: number; x1: number; y0: number; y1: number; count: number }[] = [];
  let start = -1;
  for (let x = 0; x <= width; x++) {
    const on = x < width && cols[x]! > 0;
    if (on && start < 0) start = x;
    if (!on && start >= 0) {
      blobs.push(inkBox(start, x - 1));
      start = -1;
    }
  }
  function inkBox(x0: number, x1: number): { x0: number; x1: number; y0: number; y1: number; count: number } {
    let y0 = Infinity;
    let y1 = -1;
    let count = 0;
    for (let y = 0; y < height; y++) {
      for (let x = x0; x <= x1; x++) {
        if (m[y * width + x]) {
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          count++;
        }
      }
    }
    return { x0, x1, y0, y1, count };
  }
  if (blobs.length === 0) return { text: '', confidence: 0, symbols: [] };
  // The digits' band and width from the tall blobs (dots, commas and dashes must not count).
  const tallest = Math.max(...blobs.map((b) => b.y1 - b.y0 + 1));
  const tall = blobs.filter((b) => b.y1 - b.y0 + 1 >= tallest * 0.75);
  const median = (v: number[]): number => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)]!;
  // Digits without a top or bottom bar (4, 7, 1) start lower / end higher: the band is the
  // outermost of the tall blobs (the picture is level now).
  const top = Math.min(...tall.map((b) => b.y0));
  const bottom = Math.max(...tall.map((b) => b.y1));
  const h = bottom - top + 1;
  const wideTall = tall.filter((b) => b.x1 - b.x0 + 1 >= h * 0.3);
  const digitWidth = wideTall.length ? median(wideTall.map((b) => b.x1 - b.x0 + 1)) : Math.round(h * 0.5);
  const thickness = Math.max(2, median(tall.map((b) => b.x1 - b.x0 + 1).filter((w) => w < h * 0.3).concat([Math.round(h * 0.11)])));

  // A decimal point touching the digit before it: split it off (columns at the blob's right
  // end whose ink lies only in the bottom fifth of the band).
  const parts: { x0: number; x1: number; y0: number; y1: number; count: number }[] = [];
  for (const b of blobs) {
    if (b.x1 - b.x0 + 1 > digitWidth * 1.15) {
      let x = b.x1;
      const lowOnly = (cx: number): boolean => {
        let any = false;
        for (let y = 0; y < height; y++) {
          if (m[y * width + cx]) {
            if (y < bottom - h * 0.2) return false;
            any = true;
          }
        }
        return any;
      };
      while (x > b.x0 && lowOnly(x)) x--;
      if (x < b.x1 && b.x1 - x <= h * 0.25) {
        // columns x+1..b.x1 are the point; a column gap may be missing between them and the digit
        parts.push(inkBox(b.x0, x), inkBox(x + 1, b.x1));
        continue;
      }
    }
    parts.push(b);
  }

  let text = '';
  let confidence = 100;
  const symbols: { text: string; confidence: number }[] = [];
  for (const b of parts) {
    const bw = b.x1 - b.x0 + 1;
    const bh = b.y1 - b.y0 + 1;
    if (b.count < thickness) continue; // a speck
    if (bw < digitWidth * 0.45 && bh < h * 0.4 && b.y0 > top + h * 0.6) {
      const point = b.y1 > bottom + h * 0.15 ? ',' : '.';
      text += point;
      symbols.push({ text: point, confidence: 100 });
      continue;
    }
    if (bh < h * 0.3 && b.y0 > top + h * 0.3 && b.y1 < top + h * 0.7) {
      text += '-';
      symbols.push({ text: '-', confidence: bw >= digitWidth * 0.6 ? 100 : 50 });
      confidence = Math.min(confidence, bw >= digitWidth * 0.6 ? 100 : 50);
      continue;
    }
    // A narrower blob (1, 7: nothing on the left) sits at the right of its cell.
    const x1 = b.x1;
    const narrow = bw < digitWidth * 0.85;
    const x0 = narrow ? x1 - digitWidth + 1 : b.x0;
    const w = x1 - x0 + 1;
    const fraction = (cx: number, cy: number, rx: number, ry: number): number => {
      let lit = 0;
      let all = 0;
      for (let y = Math.round(cy - ry); y <= Math.round(cy + ry); y++) {
        for (let x = Math.round(cx - rx); x <= Math.round(cx + rx); x++) {
          all++;
          lit += ink(x, y);
        }
      }
      return all === 0 ? 0 : lit / all;
    };
    const t2 = thickness / 2;
    // Each segment's place, also half a stroke either way across it (a display turned or
    // bent a little); the best of the three counts.
    const across = (cx: number, cy: number, rx: number, ry: number, dx: number, dy: number): number =>
      Math.max(fraction(cx, cy, rx, ry), fraction(cx - dx, cy - dy, rx, ry), fraction(cx + dx, cy + dy, rx, ry));
    const samples: Record<string, number> = {
      a: across(x0 + w / 2, top + t2, w * 0.15, t2 * 0.5, 0, t2),
      b: across(x1 - t2, top + h * 0.27, t2 * 0.5, h * 0.08, t2, 0),
      c: across(x1 - t2, top + h * 0.73, t2 * 0.5, h * 0.08, t2, 0),
      d: across(x0 + w / 2, bottom - t2, w * 0.15, t2 * 0.5, 0, t2),
      e: across(x0 + t2, top + h * 0.73, t2 * 0.5, h * 0.08, t2, 0),
      f: across(x0 + t2, top + h * 0.27, t2 * 0.5, h * 0.08, t2, 0),
      g: across(x0 + w / 2, top + h / 2, w * 0.15, t2 * 0.5, 0, t2),
    };
    // The two holes of a digit (inside the upper and lower loops of an 8) are never lit: ink
    // there is a blot, a hand or a cover, not a digit.
    const holes = Math.max(fraction(x0 + w / 2, top + h * 0.27, w * 0.12, h * 0.06), fraction(x0 + w / 2, top + h * 0.73, w * 0.12, h * 0.06));
    let lit = '';
    let digitConfidence = holes > 0.25 ? 0 : 100;
    for (const [segment, f] of Object.entries(samples)) {
      if (f >= 0.5) lit += segment;
      // Clear when at least 75 % or at most 25 % of the segment's place is ink; 0 at 55/45 %.
      digitConfidence = Math.min(digitConfidence, Math.round(Math.min(1, Math.max(0, (Math.abs(f - 0.5) - 0.05) / 0.2)) * 100));
    }
    const ch = digitConfidence === 0 ? '?' : (PATTERNS[lit] ?? '?');
    // Only a 1 or a 7 is narrower than the others, and no digit is much wider (a cut or merged blob).
    if ((narrow && ch !== '1' && ch !== '7') || bw > digitWidth * 1.2) digitConfidence = Math.min(digitConfidence, 40);
    if (ch === '?') digitConfidence = 0;
    text += ch;
    symbols.push({ text: ch, confidence: digitConfidence });
    confidence = Math.min(confidence, digitConfidence);
  }
  return { text, confidence: symbols.length === 0 ? 0 : confidence, symbols };
}
