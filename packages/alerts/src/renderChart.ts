import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import * as PImage from 'pureimage';
import type { SeriesPoint } from './SeriesWindow.js';

/** What {@link renderChart} draws. */
export interface ChartSpec {
  points: readonly SeriesPoint[];
  /** Time axis: from `to - spanMs` to `to` (ms epoch). */
  to: number;
  spanMs: number;
  title: string;
  unit?: string;
  /** Horizontal lines (the rule's thresholds), drawn red. */
  thresholds?: readonly number[];
  /** A vertical line at the alert's time. */
  marker?: number;
  width?: number;
  height?: number;
  /** A TrueType font file for the labels; default: a system font if found, else no labels. */
  font?: string;
}

/** Fonts tried in order when none is configured (Debian/Raspberry Pi OS, Fedora, Arch, macOS, Windows). */
const SYSTEM_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/freefont/FreeSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/Library/Fonts/Arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

const loaded = new Map<string, string | null>();

/** Registers a font file with pureimage once; returns its family name, or null if unusable. */
function fontFamily(path: string | undefined): string | null {
  const file = path ?? SYSTEM_FONTS.find((f) => existsSync(f));
  if (file === undefined) return null;
  const known = loaded.get(file);
  if (known !== undefined) return known;
  const family = `expmon-chart-${loaded.size}`;
  try {
    PImage.registerFont(file, family).loadSync();
    loaded.set(file, family);
    return family;
  } catch {
    loaded.set(file, null);
    return null;
  }
}

/**
 * Draws a time series as a PNG, in plain JavaScript (pureimage: no browser, no native
 * code, so it runs on a Raspberry Pi's ARM as anywhere Node runs): the line, the
 * thresholds in red, the alert's time in orange, a grid with value and time labels.
 *
 * @example
 * const png = await renderChart({ points: window.points('lab_temp', 'value'), to: Date.now(), spanMs: 3_600_000,
 *   title: 'lab_temp (°C)', unit: '°C', thresholds: [30], marker: Date.now() });
 * // png: Buffer of an 800×320 PNG
 */
export async function renderChart(spec: ChartSpec): Promise<Buffer> {
  const W = spec.width ?? 800;
  const H = spec.height ?? 320;
  const img = PImage.make(W, H);
  const ctx = img.getContext('2d');
  const family = fontFamily(spec.font);
  const left = family ? 70 : 20;
  const right = 20;
  const top = family ? 36 : 20;
  const bottom = family ? 36 : 20;
  const pw = W - left - right;
  const ph = H - top - bottom;

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);

  const from = spec.to - spec.spanMs;
  const pts = spec.points.filter((p) => p.time >= from && p.time <= spec.to);
  const values = [...pts.map((p) => p.value), ...(spec.thresholds ?? [])];
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) * 0.05 || 1;
    lo -= pad;
    hi += pad;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const x = (t: number): number => left + ((t - from) / spec.spanMs) * pw;
  const y = (v: number): number => top + (1 - (v - lo) / (hi - lo)) * ph;

  // Grid and labels.
  ctx.strokeStyle = '#dddddd';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#444444';
  if (family) ctx.font = `12px ${family}`;
  for (const v of niceTicks(lo, hi, 5)) {
    line(ctx, left, y(v), left + pw, y(v));
    if (family) ctx.fillText(formatTick(v), 6, y(v) + 4);
  }
  const step = timeStep(spec.spanMs);
  for (let t = Math.ceil(from / step) * step; t <= spec.to; t += step) {
    line(ctx, x(t), top, x(t), top + ph);
    if (family) ctx.fillText(clock(t, step), x(t) - 16, top + ph + 18);
  }
  ctx.strokeStyle = '#888888';
  ctx.strokeRect(left, top, pw, ph);
  if (family) {
    ctx.fillStyle = '#000000';
    ctx.font = `15px ${family}`;
    ctx.fillText(spec.title, left, 22);
  }

  // Thresholds and the alert's time.
  ctx.strokeStyle = '#d62728';
  ctx.lineWidth = 1.5;
  for (const v of spec.thresholds ?? []) line(ctx, left, y(v), left + pw, y(v));
  if (spec.marker !== undefined && spec.marker >= from) {
    ctx.strokeStyle = '#ff7f0e';
    line(ctx, x(spec.marker), top, x(spec.marker), top + ph);
  }

  // The series (a gap longer than 5 median steps is left open: no data there).
  ctx.strokeStyle = '#1f77b4';
  ctx.fillStyle = '#1f77b4';
  ctx.lineWidth = 2;
  const gaps = pts.slice(1).map((p, i) => p.time - pts[i]!.time).sort((a, b) => a - b);
  const maxGap = 5 * (gaps[Math.floor(gaps.length / 2)] ?? spec.spanMs);
  let open = false;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    if (!open || p.time - pts[i - 1]!.time > maxGap) {
      if (open) ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x(p.time), y(p.value));
      open = true;
    } else ctx.lineTo(x(p.time), y(p.value));
  }
  if (open) ctx.stroke();
  if (pts.length === 1) ctx.fillRect(x(pts[0]!.time) - 3, y(pts[0]!.value) - 3, 6, 6);
  if (pts.length === 0 && family) {
    ctx.fillStyle = '#888888';
    ctx.font = `14px ${family}`;
    ctx.fillText('no data in this period', left + pw / 2 - 70, top + ph / 2);
  }

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await PImage.encodePNGToStream(img, out);
  return Buffer.concat(chunks);
}

function line(ctx: PImage.Context, x1: number, y1: number, x2: number, y2: number): void {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

function niceTicks(lo: number, hi: number, n: number): number[] {
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(1);
  return Number(v.toPrecision(4)).toString();
}

function timeStep(spanMs: number): number {
  const steps = [10_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
  return steps.find((s) => spanMs / s <= 8) ?? 86_400_000;
}

function clock(t: number, step: number): string {
  const d = new Date(t);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return step < 60_000 ? `${hh}:${mm}:${String(d.getSeconds()).padStart(2, '0')}` : `${hh}:${mm}`;
}
