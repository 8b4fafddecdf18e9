import sharp from 'sharp';
import { sevenSegmentSvg } from './sevenSegmentSvg.js';

/**
 * How a simulated display looks: `green-on-black` (backlit LCD), `dark-on-light`
 * (reflective LCD), `red-on-black` (LED).
 *
 * @example
 * const look: DisplayLook = 'dark-on-light';
 */
export type DisplayLook = 'green-on-black' | 'dark-on-light' | 'red-on-black';

const LOOKS: Record<DisplayLook, { background: string; ink: string; unlit?: string }> = {
  'green-on-black': { background: '#0b150c', ink: '#62f27a', unlit: '#142417' },
  'dark-on-light': { background: '#b9c4a8', ink: '#1d231a', unlit: '#adb89d' },
  'red-on-black': { background: '#120606', ink: '#ff3b2a', unlit: '#241010' },
};

/**
 * The font families (installed by Debian's `fonts-dejavu-core` and `fonts-liberation`) the
 * simulator uses, plus `seven-segment`, drawn segment by segment.
 *
 * @example
 * for (const font of DISPLAY_FONTS) console.log(font);
 */
export const DISPLAY_FONTS = ['DejaVu Sans Mono', 'DejaVu Sans', 'Liberation Sans', 'Liberation Mono', 'DejaVu Serif', 'seven-segment'] as const;

/**
 * A picture of a display showing `text`.
 *
 * @example
 * const picture: DisplayPicture = { text: '2.3E-08', font: 'seven-segment', look: 'red-on-black', noise: 8, blur: 0.8, rotate: 2 };
 */
export interface DisplayPicture {
  /** What the display shows, exactly (`2.3E-08`, `1013`, `2,3E-08`, `-12.5 mbar`). */
  text: string;
  /** A system font family or `seven-segment`; default `DejaVu Sans Mono`. */
  font?: string;
  /** Default `green-on-black`. */
  look?: DisplayLook;
  /** Character height in pixels; default 40. */
  textHeight?: number;
  /** Standard deviation of Gaussian pixel noise, in grey levels (0..255); default 0. */
  noise?: number;
  /** Gaussian blur sigma in pixels (out of focus); default 0. */
  blur?: number;
  /** Rotation of the display in degrees (camera not square to it); default 0. */
  rotate?: number;
  /** A bright reflection over the display, 0 (none) to 1; default 0. */
  glare?: number;
  /** A hand or a label over the display, covering this fraction of it from the left (0..1); default 0. */
  covered?: number;
  /** Seed of the noise and glare position, for reproducible pictures; default 1. */
  seed?: number;
}

/**
 * Where the display sits in the camera's picture: a {@link renderCameraPicture} puts it on a
 * grey instrument panel at this box, which is the crop box a config uses.
 *
 * @example
 * const box: SceneBox = { left: 360, top: 260, width: 260, height: 64 };
 */
export interface SceneBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The picture size and display box of the simulated camera (VGA, like the lab's webcam).
 *
 * @example
 * const { left, top, width, height } = DEFAULT_SCENE.display;
 * const crop = { left, top, right: left + width, bottom: top + height };
 */
export const DEFAULT_SCENE = { width: 640, height: 480, display: { left: 360, top: 260, width: 260, height: 64 } } as const;

/**
 * Renders the display alone (background, text, effects) as a PNG of `width`×`height`.
 *
 * @example
 * const png = await renderDisplay({ text: '-12.5', font: 'Liberation Sans' }, 220, 64);
 */
export async function renderDisplay(p: DisplayPicture, width: number, height: number): Promise<Buffer> {
  const look = LOOKS[p.look ?? 'green-on-black'];
  if (!look) throw new Error(`unknown display look ${String(p.look)}`);
  const font = p.font ?? 'DejaVu Sans Mono';
  // Shrunk when the text would not fit the display's width.
  const chars = [...p.text].filter((c) => font !== 'seven-segment' || (c !== '.' && c !== ',')).length;
  let textHeight = p.textHeight ?? 40;
  if (font === 'seven-segment') textHeight = Math.min(textHeight, (width - 24) / Math.max(1, chars * 0.8));
  else if (p.text.trim() !== '') {
    // Measured: the text's rendered width at this height must fit in the display.
    const inkWidth = await measureTextWidth(p.text, font, textHeight / 0.73);
    if (inkWidth > width - 24) textHeight *= (width - 24) / inkWidth;
  }
  const random = mulberry32(p.seed ?? 1);
  let content: string;
  if (font === 'seven-segment') {
    content = sevenSegmentSvg(p.text, {
      x: 12,
      y: (height - textHeight) / 2,
      digitHeight: textHeight,
      color: look.ink,
      slantDegrees: 6,
      ...(look.unlit ? { unlitColor: look.unlit } : {}),
    }).svg;
  } else {
    // Digits of these fonts are ~0.73 of the font size high.
    const fontSize = textHeight / 0.73;
    content = `<text x="12" y="${(height + textHeight) / 2}" font-family="${escapeXml(font)}" font-size="${fontSize.toFixed(1)}" fill="${look.ink}">${escapeXml(p.text)}</text>`;
  }
  let overlays = '';
  if (p.glare && p.glare > 0) {
    const cx = (0.2 + random() * 0.6) * width;
    const cy = (0.2 + random() * 0.6) * height;
    overlays += `<defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="${Math.min(1, p.glare).toFixed(2)}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${(width * 0.35).toFixed(1)}" ry="${(height * 0.6).toFixed(1)}" fill="url(#g)"/>`;
  }
  if (p.covered && p.covered > 0) {
    overlays += `<rect x="0" y="0" width="${(Math.min(1, p.covered) * width).toFixed(1)}" height="${height}" fill="#6b5a4e"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${look.background}"/>${content}${overlays}</svg>`;
  let image = sharp(Buffer.from(svg)).removeAlpha();
  if (p.rotate) {
    const { r, g, b } = hexRgb(look.background);
    image = sharp(await image.rotate(p.rotate, { background: { r, g, b } }).png().toBuffer())
      .extract(centred(width, height, p.rotate))
      .removeAlpha();
  }
  if (p.blur && p.blur >= 0.3) image = image.blur(p.blur);
  let png: Buffer = await image.png().toBuffer();
  if (p.noise && p.noise > 0) png = await addNoise(png, p.noise, random);
  return png;
}

/**
 * Renders a whole camera picture: a grey instrument panel with the display at
 * {@link DEFAULT_SCENE}'s box (or `box`), as a JPEG like a webcam sends.
 *
 * @example
 * const jpeg = await renderCameraPicture({ text: '2.3E-08', font: 'seven-segment' });
 */
export async function renderCameraPicture(
  p: DisplayPicture,
  scene: { width: number; height: number; display: SceneBox } = DEFAULT_SCENE,
): Promise<Buffer> {
  const display = await renderDisplay(p, scene.display.width, scene.display.height);
  const panel = `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}"><rect width="100%" height="100%" fill="#5d6266"/><rect x="${scene.display.left - 30}" y="${scene.display.top - 30}" width="${scene.display.width + 60}" height="${scene.display.height + 80}" rx="8" fill="#2c2f33"/><text x="${scene.display.left}" y="${scene.display.top + scene.display.height + 35}" font-family="DejaVu Sans" font-size="14" fill="#cfd3d6">PRESSURE</text><circle cx="80" cy="90" r="30" fill="#44494d"/></svg>`;
  return sharp(Buffer.from(panel))
    .composite([{ input: display, left: scene.display.left, top: scene.display.top }])
    .removeAlpha()
    .jpeg({ quality: 92 })
    .toBuffer();
}

async function measureTextWidth(text: string, font: string, fontSize: number): Promise<number> {
  const w = Math.ceil(fontSize * text.length * 1.2) + 20;
  const h = Math.ceil(fontSize * 1.5);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="${fontSize}" font-family="${escapeXml(font)}" font-size="${fontSize.toFixed(1)}" fill="#000">${escapeXml(text)}</text></svg>`;
  const { info } = await sharp(Buffer.from(svg)).trim({ background: '#fff' }).toBuffer({ resolveWithObject: true });
  return info.width;
}

function centred(width: number, height: number, degrees: number): { left: number; top: number; width: number; height: number } {
  const a = (Math.abs(degrees) * Math.PI) / 180;
  const rw = Math.ceil(width * Math.cos(a) + height * Math.sin(a));
  const rh = Math.ceil(width * Math.sin(a) + height * Math.cos(a));
  return { left: Math.max(0, Math.floor((rw - width) / 2)), top: Math.max(0, Math.floor((rh - height) / 2)), width, height };
}

async function addNoise(png: Buffer, sigma: number, random: () => number): Promise<Buffer> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += info.channels) {
    const n = gaussian(random) * sigma; // the same noise on every channel: sensor luminance noise
    for (let c = 0; c < info.channels; c++) data[i + c] = clamp(data[i + c]! + n + gaussian(random) * sigma * 0.3);
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer();
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hexRgb(hex: string): { r: number; g: number; b: number } {
  const n = Number.parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
