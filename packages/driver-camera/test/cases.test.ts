import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpmonError } from '@expmon/core';
import { DisplayCameraSimulator, type DisplayPicture } from '@expmon/driver-camera/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraDisplay, type CameraDisplayOptions } from '../src/CameraDisplay.js';
import { OcrEngine } from '../src/OcrEngine.js';
import { lineProtocol } from './lineProtocol.js';

// One folder per display case (Telegraf style): picture.json is what the simulated display
// shows and how it looks, options.json the CameraDisplay options, expected.lp the reading
// (without timestamp and confidence) or expected.problems the error reported instead.
// glyph-read-twice: Tesseract reads this clean `1900` as `19060` (both zeros confident); the
// overlapping character boxes give it away and, with one look only (confirm: false), no number
// is written; glyph-read-twice-recovered: with confirm, two more looks at other scales agree on 1900.
// one-look-*: clean scientific pictures (the benchmark's, same font, look and seed) on which one
// of the first two looks slipped: a digit (`6.5E+04` read `6.0E+04` at 1×; `8.55E-12` read
// `8.50E-12` at 1.3×) or the separator (`4.37E+03` read `4.,37E+03`, `4.9E-07` read `4 9E-07`
// at 1.3×). Two more looks (1.15×, 1.6×) give the shown number three times of four: written.
// The picture goes through the real path: the simulator's HTTP snapshot on 127.0.0.1, sharp,
// the shared tesseract.js worker (or the seven-segment reader), the parser.
const CASES = fileURLToPath(new URL('./cases/', import.meta.url));
const MIN_CONFIDENCE = 70;

describe('display cases: simulator picture → CameraDisplay → line protocol', () => {
  let dir: string;
  const engine = OcrEngine.shared();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-camera-cases-'));
    engine.acquire(); // keeps the shared worker warm between cases
  });
  afterAll(async () => {
    await engine.release();
    await rm(dir, { recursive: true, force: true });
  });

  for (const name of readdirSync(CASES).sort()) {
    it(name, async () => {
      const folder = join(CASES, name);
      const picture = JSON.parse(readFileSync(join(folder, 'picture.json'), 'utf8')) as DisplayPicture;
      const options = existsSync(join(folder, 'options.json'))
        ? (JSON.parse(readFileSync(join(folder, 'options.json'), 'utf8')) as Partial<CameraDisplayOptions> & { pattern?: string })
        : {};
      const { text, ...display } = picture;
      const camera = await DisplayCameraSimulator.start({ display, text: () => text });
      const source = new CameraDisplay({
        name: 'gauge',
        unit: 'mbar',
        picture: { url: camera.url },
        ...options,
        processing: { crop: camera.crop, ...options.processing },
        pattern: options.pattern === undefined ? undefined : new RegExp(options.pattern),
        minConfidence: MIN_CONFIDENCE,
        failedPictures: { dir: join(dir, name), keep: 2 },
      });
      const problems: ExpmonError[] = [];
      const sub = source.problems.subscribe((p) => problems.push(p));
      try {
        const readings = await source.read();
        expect(camera.snapshots).toBe(1);
        const expectedLp = join(folder, 'expected.lp');
        if (existsSync(expectedLp)) {
          expect(problems.map((p) => p.message)).toEqual([]);
          expect(readings.map(lineProtocol)).toEqual(readFileSync(expectedLp, 'utf8').trim().split('\n'));
          const confidence = readings[0]!.fields.confidence as number;
          expect(confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
          expect(confidence).toBeLessThanOrEqual(100);
        } else {
          // No number, ever: the reading is dropped and reported, the pictures kept.
          expect(readings).toEqual([]);
          const expected = readFileSync(join(folder, 'expected.problems'), 'utf8').trim().split('\n');
          expect(problems.map((p) => p.name)).toEqual(expected);
          expect(problems[0]!.message).toContain('sensor gauge, device camera http://127.0.0.1:');
          expect(readdirSync(join(dir, name)).sort()).toEqual([expect.stringMatching(/-original\.jpg$/), expect.stringMatching(/-processed\.png$/)]);
        }
      } finally {
        sub.unsubscribe();
        await source.close();
        await camera.close();
      }
    });
  }
});
