/** Segments lit for each character a seven-segment display can show (a b c d e f g). */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
  '-': 'g',
  E: 'adefg',
  e: 'abdefg',
  ' ': '',
};

/**
 * Characters {@link sevenSegmentSvg} can draw; `.` and `,` are drawn as the decimal point.
 *
 * @example
 * const drawable = [...'2.3E-08'].every((c) => SEVEN_SEGMENT_CHARACTERS.includes(c));
 */
export const SEVEN_SEGMENT_CHARACTERS = `${Object.keys(SEGMENTS).join('')}.,`;

/**
 * Options of {@link sevenSegmentSvg}.
 *
 * @example
 * const o: SevenSegmentSvgOptions = { x: 10, y: 10, digitHeight: 50, color: '#f33' };
 */
export interface SevenSegmentSvgOptions {
  x: number;
  y: number;
  /** Height of a digit in pixels. */
  digitHeight: number;
  color: string;
  /** Colour of unlit segments (faintly visible on real LCDs); omitted: not drawn. */
  unlitColor?: string;
  /** Slant in degrees (many displays lean their digits by ~8°); default 0. */
  slantDegrees?: number;
}

/**
 * SVG elements drawing `text` as seven-segment digits, each segment a hexagon with a gap
 * to its neighbours, as on a real LED or LCD display. `.`/`,` become the decimal point of
 * the digit before them.
 *
 * @example
 * const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80">${
 *   sevenSegmentSvg('2.3E-08', { x: 10, y: 10, digitHeight: 60, color: '#3f3' }).svg}</svg>`;
 */
export function sevenSegmentSvg(text: string, o: SevenSegmentSvgOptions): { svg: string; width: number } {
  const h = o.digitHeight;
  const w = h * 0.5; // digit width
  const t = h * 0.11; // segment thickness
  const gap = t * 0.18;
  const advance = w + h * 0.3;
  const parts: string[] = [];
  let x = o.x;
  const slant = Math.tan(((o.slantDegrees ?? 0) * Math.PI) / 180);
  const skew = (px: number, py: number): string => `${(px + (o.y + h - py) * slant).toFixed(2)},${py.toFixed(2)}`;

  const horizontal = (x0: number, yc: number): string => {
    const l = x0 + gap;
    const r = x0 + w - gap;
    return [skew(l, yc), skew(l + t / 2, yc - t / 2), skew(r - t / 2, yc - t / 2), skew(r, yc), skew(r - t / 2, yc + t / 2), skew(l + t / 2, yc + t / 2)].join(' ');
  };
  const vertical = (xc: number, y0: number, y1: number): string => {
    const top = y0 + gap;
    const bottom = y1 - gap;
    return [skew(xc, top), skew(xc + t / 2, top + t / 2), skew(xc + t / 2, bottom - t / 2), skew(xc, bottom), skew(xc - t / 2, bottom - t / 2), skew(xc - t / 2, top + t / 2)].join(' ');
  };
  const segmentPoints = (x0: number): Record<string, string> => {
    const top = o.y + t / 2;
    const mid = o.y + h / 2;
    const bottom = o.y + h - t / 2;
    return {
      a: horizontal(x0, top),
      g: horizontal(x0, mid),
      d: horizontal(x0, bottom),
      f: vertical(x0 + t / 2, top, mid),
      b: vertical(x0 + w - t / 2, top, mid),
      e: vertical(x0 + t / 2, mid, bottom),
      c: vertical(x0 + w - t / 2, mid, bottom),
    };
  };

  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '.' || ch === ',') {
      // A point with no digit before it (".5") gets its own blank digit cell.
      const px = x - h * 0.15;
      parts.push(`<circle cx="${(px + slant * t).toFixed(2)}" cy="${(o.y + h - t / 2).toFixed(2)}" r="${(t * 0.5).toFixed(2)}" fill="${o.color}"/>`);
      if (ch === ',') {
        parts.push(`<polygon points="${skew(px - t * 0.2, o.y + h + t * 0.1)} ${skew(px + t * 0.5, o.y + h + t * 0.1)} ${skew(px - t * 0.4, o.y + h + t * 1.2)}" fill="${o.color}"/>`);
      }
      continue;
    }
    const lit = SEGMENTS[ch];
    if (lit === undefined) throw new Error(`seven-segment display cannot show ${JSON.stringify(ch)}`);
    const points = segmentPoints(x);
    for (const [segment, pts] of Object.entries(points)) {
      if (lit.includes(segment)) parts.push(`<polygon points="${pts}" fill="${o.color}"/>`);
      else if (o.unlitColor) parts.push(`<polygon points="${pts}" fill="${o.unlitColor}"/>`);
    }
    x += advance;
  }
  return { svg: parts.join(''), width: x - o.x };
}
