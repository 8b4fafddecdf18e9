import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraDisplay } from '../src/CameraDisplay.js';
import { OcrEngine } from '../src/OcrEngine.js';

const run = promisify(execFile);

// A second picture source that is not our own renderer: Debian's ImageMagick (`convert
// -annotate` with the system fonts of fonts-dejavu-core and fonts-liberation), a picture per
// case dropped in a folder and read by the folder source, as a camera's FTP upload would be.
const CASES: Array<{ text: string; font: string; background: string; ink: string; extra?: string[]; value: number }> = [
  { text: '2.3E-08', font: 'DejaVu-Sans-Mono', background: '#0b150c', ink: '#62f27a', value: 2.3e-8 },
  { text: '1013', font: 'Liberation-Sans', background: '#b9c4a8', ink: '#1d231a', value: 1013 },
  { text: '-12.5', font: 'DejaVu-Serif', background: '#120606', ink: '#ff3b2a', value: -12.5 },
  { text: '2,3E-08', font: 'Liberation-Mono', background: '#b9c4a8', ink: '#1d231a', value: 2.3e-8 },
  // a slightly turned, soft and noisy picture
  { text: '7.61E-03', font: 'DejaVu-Sans', background: '#b9c4a8', ink: '#1d231a', extra: ['-rotate', '2', '-blur', '0x0.8', '-attenuate', '0.3', '+noise', 'Gaussian'], value: 7.61e-3 },
];

describe('ImageMagick pictures (convert -annotate) read from a folder', () => {
  let dir: string;
  const engine = OcrEngine.shared();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-camera-im-'));
    engine.acquire();
  });
  afterAll(async () => {
    await engine.release();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES)('$text in $font', async ({ text, font, background, ink, extra, value }) => {
    const folder = join(dir, `${font}-${CASES.findIndex((c) => c.text === text)}`);
    await mkdir(folder);
    const file = join(folder, 'display.png');
    await run('convert', ['-size', '300x80', `xc:${background}`, '-font', font, '-pointsize', '44', '-fill', ink, '-annotate', '+14+56', text, ...(extra ?? []), '-gravity', 'center', '-extent', '300x80', file]);
    const now = new Date();
    await utimes(file, now, now);
    const source = new CameraDisplay({ name: 'gauge', unit: 'mbar', picture: { folder }, failedPictures: { keep: 0 } });
    const readings = await source.read();
    expect(readings.map((r) => r.fields.value)).toEqual([value]);
    expect(readings[0]!.tags).toEqual({ unit: 'mbar' });
    await source.close();
  });
});
