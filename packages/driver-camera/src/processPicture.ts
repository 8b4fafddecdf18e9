import type { Sharp } from 'sharp';
import { resolveProcessing, type PictureProcessing } from './PictureProcessing.js';

/**
 * Why {@link processPicture} could not process a picture (not an image, crop outside it).
 *
 * @example
 * const r = await processPicture(bytes, {});
 * if (!r.ok) console.error(r.reason);
 */
export type ProcessedPicture =
  | { readonly ok: true; readonly png: Buffer; /** The same pixels, raw, one byte each. */ readonly grey: Buffer; /** Grey levels between the crop's 1st and 99th percentile before contrast enhancement: near 0 for a blank display. */ readonly contrast: number; /** Width of the white margin added on every side (px). */ readonly margin: number; /** The widest run of columns that are not background over 90 % of the crop's height, before the threshold (px): a cover, not a stroke, when wider than half the crop's height. */ readonly solidWidth: number; readonly width: number; readonly height: number; readonly inverted: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Prepares a camera picture for OCR with sharp (libvips): see {@link PictureProcessing}
 * for the steps. Returns a grey PNG with dark text on white and a white margin.
 *
 * @example
 * const r = await processPicture(jpeg, { crop: { left: 480, top: 275, right: 580, bottom: 300 } });
 * if (r.ok) await writeFile('processed.png', r.png);
 */
export async function processPicture(picture: Buffer, options: PictureProcessing): Promise<ProcessedPicture> {
  const p = resolveProcessing(options, 'processing');
  const { default: sharp } = await import('sharp');
  let meta;
  try {
    meta = await sharp(picture).metadata();
  } catch (error) {
    return { ok: false, reason: `not a picture sharp can read (${(error as Error).message})` };
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) return { ok: false, reason: 'picture has no size' };
  let image: Sharp = sharp(picture).autoOrient();
  if (p.crop) {
    if (p.crop.right > width || p.crop.bottom > height) {
      return { ok: false, reason: `crop box right ${p.crop.right}, bottom ${p.crop.bottom} is outside the ${width}×${height} picture` };
    }
    image = image.extract({ left: p.crop.left, top: p.crop.top, width: p.crop.right - p.crop.left, height: p.crop.bottom - p.crop.top });
  }
  // Each step is materialised as one-channel raw pixels, so that the next one sees its
  // result (sharp orders the operations of one pipeline itself) and stays grey.
  let { data: grey, w, h } = p.channel === 'grey' || p.channel === 'auto' ? await materialise(image.clone()) : await colourChannel(image, p.channel);
  if (p.channel === 'auto' && meta.channels !== undefined && meta.channels >= 3) {
    // A coloured display (red LEDs, green LCD backlight) often has far more contrast in one
    // colour channel than in the grey mix: use the channel with the widest range.
    let best = percentile(grey, 0.99) - percentile(grey, 0.01);
    for (const channel of ['red', 'green', 'blue'] as const) {
      const candidate = await colourChannel(image, channel);
      const range = percentile(candidate.data, 0.99) - percentile(candidate.data, 0.01);
      if (range > best * 1.25) {
        best = range;
        ({ data: grey, w, h } = candidate);
      }
    }
  }
  if (p.rotate) {
    // Corners uncovered by the rotation get the picture's median grey (the display's background).
    const background = medianGrey(grey);
    ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).rotate(p.rotate, { background: { r: background, g: background, b: background } })));
  }
  if (p.median > 0) ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).median(p.median)));
  const contrast = percentile(grey, 0.99) - percentile(grey, 0.01);
  if (p.contrast === 'normalise') ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).normalise()));
  else if (p.contrast === 'clahe' || typeof p.contrast === 'object') {
    const { tiles = 8, clipLimit = 10 } = typeof p.contrast === 'object' ? p.contrast.clahe : {};
    const clahe = { width: Math.max(3, Math.round(w / tiles)), height: Math.max(3, Math.round(h / tiles)), maxSlope: Math.round(clipLimit) };
    ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).clahe(clahe)));
  }
  let inverted = p.invert === true;
  if (p.invert === 'auto') inverted = medianGrey(grey) < 128;
  if (inverted) ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).linear(-1, 255)));
  const factor = p.scale === 'auto' ? p.targetHeight / h : p.scale;
  if (factor !== 1) {
    const size = { width: Math.max(1, Math.round(w * factor)), height: Math.max(1, Math.round(h * factor)), kernel: 'cubic' as const };
    ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).resize(size)));
  }
  if (p.close > 0) {
    // On a grey picture sharp's dilate grows the dark parts here (the ink) and erode shrinks
    // them back: a closing that fills the gaps between segments.
    ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).dilate(p.close)));
    ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).erode(p.close)));
  }
  if (p.smooth > 0) ({ data: grey, w, h } = await materialise(fromGrey(sharp, grey, w, h).blur(p.smooth)));
  // Measured on a blurred copy: sensor noise must not make the background look solid.
  const solidWidth = widestSolidRun((await materialise(fromGrey(sharp, grey, w, h).blur(2))).data, w, h);
  let image2 = fromGrey(sharp, grey, w, h);
  if (p.threshold !== false) image2 = image2.threshold(p.threshold);
  const margin = Math.max(8, Math.round(h * 0.15));
  const white = { r: 255, g: 255, b: 255 };
  ({ data: grey, w, h } = await materialise(image2.extend({ top: margin, bottom: margin, left: margin, right: margin, background: white })));
  const png = await fromGrey(sharp, grey, w, h).png().toBuffer();
  return { ok: true, png, grey, contrast, margin, solidWidth, width: w, height: h, inverted };
}

type SharpFactory = (typeof import('sharp'))['default'];

function fromGrey(sharp: SharpFactory, data: Buffer, w: number, h: number): Sharp {
  return sharp(data, { raw: { width: w, height: h, channels: 1 } });
}

/** One colour channel as grey pixels (a grey picture gives its only channel). */
async function colourChannel(image: Sharp, channel: 'red' | 'green' | 'blue'): Promise<{ data: Buffer; w: number; h: number }> {
  const { data, info } = await image.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const index = info.channels >= 3 ? { red: 0, green: 1, blue: 2 }[channel] : 0;
  const out = Buffer.alloc(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels + index]!;
  return { data: out, w: info.width, h: info.height };
}

async function materialise(image: Sharp): Promise<{ data: Buffer; w: number; h: number }> {
  const { data, info } = await image.removeAlpha().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  return { data, w: info.width, h: info.height };
}

/**
 * The widest run of columns in which at least 90 % of the pixels are not background: darker
 * than the background (the median) by more than 30 % of the way to the ink (2nd percentile).
 */
function widestSolidRun(grey: Buffer, w: number, h: number): number {
  const background = percentile(grey, 0.5);
  const inkLevel = percentile(grey, 0.02);
  const limit = background - (background - inkLevel) * 0.3;
  let widest = 0;
  let run = 0;
  for (let x = 0; x < w; x++) {
    let dark = 0;
    for (let y = 0; y < h; y++) if (grey[y * w + x]! < limit) dark++;
    run = dark >= h * 0.9 ? run + 1 : 0;
    widest = Math.max(widest, run);
  }
  return widest;
}

/** The median grey level: the background's, since the text covers less than half of a display. */
function medianGrey(grey: Buffer): number {
  return percentile(grey, 0.5);
}

/** The grey level below which a `share` of the pixels lie. */
function percentile(grey: Buffer, share: number): number {
  const histogram = new Uint32Array(256);
  for (const v of grey) histogram[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= grey.length * share) return v;
  }
  return 255;
}
