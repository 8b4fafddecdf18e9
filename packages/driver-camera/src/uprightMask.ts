/**
 * How {@link uprightMask} levels and unslants a picture.
 *
 * @example
 * const o: UprightOptions = { slantDegrees: 6, deskewDegrees: 'auto' };
 */
export interface UprightOptions {
  /**
   * How far the display's digits lean to the right, in degrees, or `auto` (default): the
   * slant (−15…15°) that makes the digits' vertical strokes most upright.
   */
  slantDegrees?: number | 'auto';
  /**
   * Turn the picture level before reading: `auto` (default) finds the angle (−5…5°) that
   * makes the line of digits thinnest; a number fixes it; 0: off.
   */
  deskewDegrees?: number | 'auto';
}

/**
 * A 0/1 ink mask of a processed picture (dark < 128 is ink), turned level and with the
 * digits' slant undone, same size; `undefined` when there is no ink.
 *
 * @example
 * const mask = uprightMask(processed.grey, processed.width, processed.height, { slantDegrees: 'auto' });
 */
export function uprightMask(grey: Uint8Array, width: number, height: number, options: UprightOptions = {}): { data: Uint8Array; width: number; height: number } | undefined {
  const source = new Uint8Array(width * height);
  let inkCount = 0;
  for (let i = 0; i < source.length; i++) {
    source[i] = grey[i]! < 128 ? 1 : 0;
    inkCount += source[i]!;
  }
  if (inkCount === 0) return undefined;
  const deskew = options.deskewDegrees ?? 'auto';
  // The turn that makes the line of digits thinnest (its top and bottom edges level).
  const angle = deskew === 'auto' ? levelAngle(source, width, height) : deskew;
  const level = transform(source, width, height, angle, 0);
  const slantOption = options.slantDegrees ?? 'auto';
  // The shear that makes vertical strokes most upright (the sharpest column sums); a small
  // penalty prefers the smaller slant among equals.
  const slant = slantOption === 'auto' ? best(range(-15, 15, 1), (a) => sharpness(columnSums(transform(level, width, height, 0, a)), 0.01 * a * a)) : slantOption;
  return transform(level, width, height, 0, slant);
}

/**
 * Ink per column of a mask.
 *
 * @example
 * const sums = columnSums(mask);
 */
export function columnSums(m: { data: Uint8Array; width: number; height: number }): Uint32Array {
  const out = new Uint32Array(m.width);
  for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) out[x]! += m.data[y * m.width + x]!;
  return out;
}

/**
 * The angle (−5…5°, in the sense of {@link transform}) for which the ink's band is thinnest,
 * measured between its 1st and 99th height percentiles so that a speck does not count.
 */
function levelAngle(m: Uint8Array, width: number, height: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (m[y * width + x]) {
        xs.push(x - width / 2);
        ys.push(y - height / 2);
      }
    }
  }
  if (xs.length < 20) return 0;
  // A line of two or three digits is too short to tell a turn from a slant.
  if (Math.max(...xs) - Math.min(...xs) < 2.5 * (Math.max(...ys) - Math.min(...ys))) return 0;
  const thickness = (degrees: number): number => {
    const r = (degrees * Math.PI) / 180;
    const sin = Math.sin(r);
    const cos = Math.cos(r);
    // The height a pixel gets in the output of transform(…, degrees, 0).
    const heights = xs.map((x, i) => -sin * x + cos * ys[i]!).sort((p, q) => p - q);
    return heights[Math.floor(heights.length * 0.99)]! - heights[Math.floor(heights.length * 0.01)]!;
  };
  const flat = thickness(0);
  let bestAngle = 0;
  let bestThickness = flat;
  for (const a of range(-5, 5, 0.25)) {
    const t = thickness(a);
    if (t < bestThickness) {
      bestThickness = t;
      bestAngle = a;
    }
  }
  return flat - bestThickness >= Math.max(1, flat * 0.02) ? bestAngle : 0;
}

/** Angles from `from` to `to` in `step`s. */
function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let a = from; a <= to + 1e-9; a += step) out.push(Math.round(a * 100) / 100);
  return out;
}

/** The candidate with the highest score; among equals the one nearest 0. */
function best(candidates: number[], score: (a: number) => number): number {
  let winner = 0;
  let top = -Infinity;
  for (const a of [...candidates].sort((p, q) => Math.abs(p) - Math.abs(q))) {
    const v = score(a);
    if (v > top + 1e-9) {
      top = v;
      winner = a;
    }
  }
  return winner;
}

/** How peaked a projection is: sum of squares (level rows / upright columns give the highest), minus a small penalty. */
function sharpness(projection: Uint32Array, penalty = 0): number {
  let sum = 0;
  let squares = 0;
  for (const v of projection) {
    sum += v;
    squares += v * v;
  }
  return sum === 0 ? 0 : squares / sum - penalty;
}

/**
 * The mask turned by `rotateDegrees` (around its centre) and with a slant of `slantDegrees`
 * undone (the top of each row moved left by its height above the centre × tan), nearest
 * neighbour, same size.
 */
function transform(
  input: Uint8Array | { data: Uint8Array; width: number; height: number },
  width: number,
  height: number,
  rotateDegrees: number,
  slantDegrees: number,
): { data: Uint8Array; width: number; height: number } {
  const src = input instanceof Uint8Array ? input : input.data;
  if (rotateDegrees === 0 && slantDegrees === 0) return { data: src, width, height };
  const out = new Uint8Array(width * height);
  const cx = width / 2;
  const cy = height / 2;
  const r = (rotateDegrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const shear = Math.tan((slantDegrees * Math.PI) / 180);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Output (x, y) ← unslanted (x + (cy - y)·shear, y) ← rotated back.
      const ux = x + (cy - y) * shear - cx;
      const uy = y - cy;
      const sx = Math.round(cos * ux - sin * uy + cx);
      const sy = Math.round(sin * ux + cos * uy + cy);
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) out[y * width + x] = src[sy * width + sx]!;
    }
  }
  return { data: out, width, height };
}

