import type { OcrResult } from './OcrEngine.js';

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
export interface SevenSegmentOptions {
  /** How far the display's digits lean to the right, in degrees; default 0. */
  slantDegrees?: number;
}

/**
 * Reads a seven-segment display from a processed picture (dark segments on white, as
 * `processPicture` makes it, thresholded) by looking at each segment's place in each digit,
 * as `ssocr` does: Tesseract's models are trained on fonts and read segments poorly.
 * Characters: `0-9`, `-`, `E`, `e`, the decimal point (`.`). The confidence (0..100) is
 * low when a segment is neither clearly lit nor clearly dark, and 0 when a digit's
 * segments match no character (then the text holds `?`).
 *
 * @example
 * const { text, confidence } = readSevenSegment(grey, width, height, { slantDegrees: 6 });
 */
export function readSevenSegment(grey: Uint8Array, width: number, height: number, options: SevenSegmentOptions = {}): OcrResult {
  const slant = Math.tan(((options.slantDegrees ?? 0) * Math.PI) / 180);
  const ink = (x: number, y: number): boolean => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < width && yi < height && grey[yi * width + xi]! < 128;
  };
  // Rows with ink: the digits' top and bottom (decimal points sit inside this band).
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) if (grey[y * width + x]! < 128) n++;
    if (n > 0) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  if (top < 0) return { text: '', confidence: 0, symbols: [] };
  const band = bottom - top + 1;
  // Unslanted x of a pixel: x + (y - bottom) * slant … shifts the top of a leaning digit back.
  const unslant = (x: number, y: number): number => x - (bottom - y) * slant;
  const columns = new Uint32Array(width + Math.ceil(band * Math.abs(slant)) + 2);
  const offset = Math.ceil(band * Math.max(0, -slant)) + 1;
  for (let y = top; y <= bottom; y++) {
    for (let x = 0; x < width; x++) if (grey[y * width + x]! < 128) columns[Math.round(unslant(x, y)) + offset]!++;
  }
  // Blobs of adjacent ink columns.
  const blobs: { x0: number; x1: number }[] = [];
  let start = -1;
  for (let c = 0; c <= columns.length; c++) {
    const on = c < columns.length && columns[c]! > 0;
    if (on && start < 0) start = c;
    if (!on && start >= 0) {
      blobs.push({ x0: start - offset, x1: c - 1 - offset });
      start = -1;
    }
  }
  const inkRows = (b: { x0: number; x1: number }): { y0: number; y1: number; count: number } => {
    let y0 = Infinity;
    let y1 = -1;
    let count = 0;
    for (let y = top; y <= bottom; y++) {
      for (let x = b.x0; x <= b.x1; x++) {
        if (ink(x + (bottom - y) * slant, y)) {
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          count++;
        }
      }
    }
    return { y0, y1, count };
  };
  const digitWidth = Math.max(...blobs.map((b) => b.x1 - b.x0 + 1));
  // The digits' band from the wide blobs (a comma's tail or a dot must not stretch it).
  const wide = blobs.filter((b) => b.x1 - b.x0 + 1 >= digitWidth * 0.6).map(inkRows);
  const median = (v: number[]): number => v.sort((p, q) => p - q)[Math.floor(v.length / 2)]!;
  top = median(wide.map((r) => r.y0));
  bottom = median(wide.map((r) => r.y1));
  const h = bottom - top + 1;
  const thickness = Math.max(2, Math.round(h * 0.11));
  let text = '';
  let confidence = 100;
  const symbols: { text: string; confidence: number }[] = [];
  for (const b of blobs) {
    const bw = b.x1 - b.x0 + 1;
    const rows = inkRows(b);
    if (rows.count < thickness) continue; // a speck
    const bh = rows.y1 - rows.y0 + 1;
    if (bw < digitWidth * 0.45 && bh < h * 0.45 && rows.y0 > top + h * 0.6) {
      const point = rows.y1 > bottom + h * 0.08 ? ',' : '.';
      text += point;
      symbols.push({ text: point, confidence: 100 });
      continue;
    }
    if (bh < h * 0.3 && rows.y0 > top + h * 0.3 && rows.y1 < top + h * 0.7) {
      text += '-';
      symbols.push({ text: '-', confidence: 100 });
      continue;
    }
    // A narrow tall blob is a 1 at the right of its cell.
    const x1 = b.x1;
    const x0 = bw < digitWidth * 0.5 ? x1 - digitWidth + 1 : b.x0;
    const w = x1 - x0 + 1;
    const fraction = (cx: number, cy: number, rx: number, ry: number): number => {
      let lit = 0;
      let all = 0;
      for (let y = Math.round(cy - ry); y <= Math.round(cy + ry); y++) {
        for (let x = Math.round(cx - rx); x <= Math.round(cx + rx); x++) {
          all++;
          if (ink(x + (bottom - y) * slant, y)) lit++;
        }
      }
      return all === 0 ? 0 : lit / all;
    };
    // A tall blob's own band (a slightly rotated display has each digit a little higher or lower).
    const own = bh >= h * 0.8 && bh <= h * 1.2;
    const dTop = own ? rows.y0 : top;
    const dBottom = own ? rows.y1 : bottom;
    const dh = dBottom - dTop + 1;
    const t2 = thickness / 2;
    const samples: Record<string, number> = {
      a: fraction(x0 + w / 2, dTop + t2, w * 0.2, t2 * 0.6),
      b: fraction(x1 - t2, dTop + dh * 0.27, t2 * 0.6, dh * 0.1),
      c: fraction(x1 - t2, dTop + dh * 0.73, t2 * 0.6, dh * 0.1),
      d: fraction(x0 + w / 2, dBottom - t2, w * 0.2, t2 * 0.6),
      e: fraction(x0 + t2, dTop + dh * 0.73, t2 * 0.6, dh * 0.1),
      f: fraction(x0 + t2, dTop + dh * 0.27, t2 * 0.6, dh * 0.1),
      g: fraction(x0 + w / 2, dTop + dh / 2, w * 0.2, t2 * 0.6),
    };
    let lit = '';
    let digitConfidence = 100;
    for (const [segment, f] of Object.entries(samples)) {
      if (f >= 0.5) lit += segment;
      // Clear when at least 80 % or at most 20 % of the segment's place is ink; 0 at 60/40 %.
      digitConfidence = Math.min(digitConfidence, Math.round(Math.min(1, Math.max(0, (Math.abs(f - 0.5) - 0.1) / 0.2)) * 100));
    }
    const ch = PATTERNS[lit] ?? '?';
    if (ch === '?') digitConfidence = 0;
    text += ch;
    symbols.push({ text: ch, confidence: digitConfidence });
    confidence = Math.min(confidence, digitConfidence);
  }
  return { text, confidence: symbols.length === 0 ? 0 : confidence, symbols };
}
