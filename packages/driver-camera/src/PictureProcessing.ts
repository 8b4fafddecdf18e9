import { ConfigError } from '@expmon/core';

/**
 * The part of the camera's picture that holds the display, in pixels of the original
 * picture: the Python tool's box form (`left, top, right, bottom`; right and bottom exclusive).
 *
 * @example
 * const box: CropBox = { left: 480, top: 275, right: 580, bottom: 300 }; // the original lab's gauge
 */
export interface CropBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Contrast enhancement: `normalise` stretches the grey levels to the full range (cheap,
 * good for even lighting); `clahe` equalises locally (uneven lighting, glare; the Python
 * tool used clip limit 10 on 8×8 tiles); `none`.
 *
 * @example
 * const c: Contrast = { clahe: { tiles: 8, clipLimit: 10 } };
 */
export type Contrast = 'normalise' | 'clahe' | 'none' | { clahe: { tiles?: number; clipLimit?: number } };

/**
 * What is done to a picture before OCR, in this order: crop → grey or colour channel → rotate →
 * median → contrast → invert → scale → close → smooth → threshold → white margin. See the README's
 * table for what each is for.
 *
 * @example
 * const p: PictureProcessing = { crop: { left: 480, top: 275, right: 580, bottom: 300 }, rotate: -1.5, contrast: 'clahe' };
 */
export interface PictureProcessing {
  /** The display's box in the picture; default: the whole picture. */
  crop?: CropBox;
  /**
   * Which part of the colour to read: `grey` (luminance), a colour channel, or `auto`
   * (default): the colour channel with clearly more contrast than grey when there is one
   * (red LEDs: the red channel), else grey.
   */
  channel?: 'auto' | 'grey' | 'red' | 'green' | 'blue';
  /** Degrees to turn the cropped display level (positive: clockwise); default 0. */
  rotate?: number;
  /** Median filter size in pixels (3, 5) against speckle noise; default 0 (off). */
  median?: number;
  /** Default `normalise`. */
  contrast?: Contrast;
  /**
   * Tesseract reads dark text on a light background. `auto` (default) inverts when the
   * picture is mostly dark (backlit LCD, LED); `true`/`false` force it.
   */
  invert?: 'auto' | boolean;
  /**
   * Scale factor, or `auto` (default): scaled so that the crop is `targetHeight` pixels
   * high (Tesseract is most accurate with characters ~20–40 px high).
   */
  scale?: 'auto' | number;
  /** Height of the crop after `scale: 'auto'`; default 50 px (characters ~30 px high when they fill ~60 % of the crop). */
  targetHeight?: number;
  /**
   * Joins the segments of a seven-segment display (a morphological closing of the dark
   * ink, this many pixels wide) so that OCR sees whole strokes; default 0 (off), 3–7
   * for seven-segment displays.
   */
  close?: number;
  /**
   * Gaussian blur (sigma in pixels of the scaled picture) before the threshold: rounds the
   * segments of a seven-segment display into strokes an OCR trained on fonts knows, and
   * smooths the steps of a picture scaled up; default 0 (off), 2–4 for seven-segment.
   */
  smooth?: number;
  /** Grey level (1..254) above which a pixel is white after contrast, or `false` (Tesseract binarises itself); default 128. */
  threshold?: number | false;
}

/**
 * Checks processing options and fills defaults; throws a {@link ConfigError} naming the field.
 *
 * @example
 * const p = resolveProcessing({ crop: { left: 0, top: 0, right: 100, bottom: 30 } }, 'CameraDisplay(gauge)');
 */
export function resolveProcessing(p: PictureProcessing = {}, field: string): Required<Omit<PictureProcessing, 'crop'>> & { crop?: CropBox } {
  const fail = (name: string, message: string): never => {
    throw new ConfigError(message, { field: `${field}.${name}` });
  };
  if (p.crop !== undefined) {
    const c = p.crop;
    for (const k of ['left', 'top', 'right', 'bottom'] as const) {
      if (!Number.isInteger(c?.[k]) || c[k] < 0) fail(`crop.${k}`, `must be a whole number of pixels ≥ 0, got ${String(c?.[k])}`);
    }
    if (c.right <= c.left) fail('crop.right', `must be greater than crop.left (${c.left}), got ${c.right}`);
    if (c.bottom <= c.top) fail('crop.bottom', `must be greater than crop.top (${c.top}), got ${c.bottom}`);
  }
  const channel = p.channel ?? 'auto';
  if (!['auto', 'grey', 'red', 'green', 'blue'].includes(channel)) fail('channel', `must be 'auto', 'grey', 'red', 'green' or 'blue', got ${JSON.stringify(p.channel)}`);
  const rotate = p.rotate ?? 0;
  if (!Number.isFinite(rotate) || Math.abs(rotate) > 45) fail('rotate', `must be degrees from -45 to 45, got ${String(p.rotate)}`);
  const median = p.median ?? 0;
  if (!Number.isInteger(median) || median < 0 || median > 15) fail('median', `must be 0 (off) or a size in pixels up to 15, got ${String(p.median)}`);
  const contrast = p.contrast ?? 'normalise';
  if (typeof contrast === 'object') {
    const { tiles = 8, clipLimit = 10 } = contrast.clahe ?? {};
    if (!Number.isInteger(tiles) || tiles < 1 || tiles > 64) fail('contrast.clahe.tiles', `must be a whole number from 1 to 64, got ${String(tiles)}`);
    if (!(Number.isFinite(clipLimit) && clipLimit >= 0)) fail('contrast.clahe.clipLimit', `must be a number ≥ 0, got ${String(clipLimit)}`);
  } else if (!['normalise', 'clahe', 'none'].includes(contrast)) {
    fail('contrast', `must be 'normalise', 'clahe', 'none' or { clahe: { tiles, clipLimit } }, got ${JSON.stringify(contrast)}`);
  }
  const invert = p.invert ?? 'auto';
  if (invert !== 'auto' && typeof invert !== 'boolean') fail('invert', `must be 'auto', true or false, got ${JSON.stringify(invert)}`);
  const scale = p.scale ?? 'auto';
  if (scale !== 'auto' && !(Number.isFinite(scale) && scale > 0 && scale <= 16)) fail('scale', `must be 'auto' or a factor from 0 to 16, got ${String(scale)}`);
  const targetHeight = p.targetHeight ?? 50;
  if (!(Number.isInteger(targetHeight) && targetHeight >= 16 && targetHeight <= 1000)) fail('targetHeight', `must be pixels from 16 to 1000, got ${String(p.targetHeight)}`);
  const close = p.close ?? 0;
  if (!Number.isInteger(close) || close < 0 || close > 25) fail('close', `must be 0 (off) or pixels up to 25, got ${String(p.close)}`);
  const smooth = p.smooth ?? 0;
  if (!(Number.isFinite(smooth) && smooth >= 0 && smooth <= 20)) fail('smooth', `must be 0 (off) or a sigma in pixels up to 20, got ${String(p.smooth)}`);
  const threshold = p.threshold ?? 128;
  if (threshold !== false && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 254)) fail('threshold', `must be false or a grey level from 1 to 254, got ${String(p.threshold)}`);
  return { ...(p.crop ? { crop: { ...p.crop } } : {}), channel, rotate, median, contrast, invert, scale, targetHeight, close, smooth, threshold };
}
