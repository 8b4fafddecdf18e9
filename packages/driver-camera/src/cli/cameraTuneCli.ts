#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HttpSnapshot } from '../HttpSnapshot.js';
import { DisplayReader, NUMBER_CHARACTERS } from '../DisplayReader.js';
import { resolveProcessing, type PictureProcessing } from '../PictureProcessing.js';

const USAGE = `usage: expmon-camera-tune <picture file or http(s) URL> [options]

Processes one picture as a CameraDisplay would, writes the processed picture and prints the
text, the OCR confidence and the parsed value, so that you can tune the crop and contrast.

  --crop l,t,r,b           display box in the picture (left, top, right, bottom pixels)
  --rotate <deg>           turn the crop level (positive: clockwise)
  --median <px>            median filter against speckle noise (3, 5)
  --contrast <c>           normalise (default), clahe, none
  --invert <i>             auto (default), true, false
  --scale <f>              scale factor (default: auto, to --target-height)
  --target-height <px>     crop height after auto scale (default 50)
  --close <px>             join seven-segment gaps (3–7)
  --smooth <sigma>         blur before the threshold (0: off)
  --threshold <n|off>      grey level of the black/white cut (default 128)
  --seven-segment[=<deg>]  read with the seven-segment reader (digits leaning <deg>°; found when omitted)
  --whitelist <chars>      OCR characters (default ${JSON.stringify(NUMBER_CHARACTERS)})
  --unit <text>            the unit the display shows after the number (displayUnit)
  --min-confidence <n>     below this the value is refused (default 70)
  --user <name>            basic-auth user for a URL; the password comes from CAMERA_PASSWORD
  -o, --out <file>         processed picture (default processed.png)
  -h, --help`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      crop: { type: 'string' },
      rotate: { type: 'string' },
      median: { type: 'string' },
      contrast: { type: 'string' },
      invert: { type: 'string' },
      scale: { type: 'string' },
      'target-height': { type: 'string' },
      close: { type: 'string' },
      smooth: { type: 'string' },
      threshold: { type: 'string' },
      'seven-segment': { type: 'string' },
      whitelist: { type: 'string' },
      unit: { type: 'string' },
      'min-confidence': { type: 'string' },
      user: { type: 'string' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    // `--seven-segment` alone: the reader finds the slant itself.
    args: process.argv.slice(2).map((a) => (a === '--seven-segment' ? '--seven-segment=auto' : a)),
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const processing: PictureProcessing = {};
  if (values.crop) {
    const [left, top, right, bottom] = values.crop.split(',').map(Number);
    processing.crop = { left: left!, top: top!, right: right!, bottom: bottom! };
  }
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  if (values.rotate) processing.rotate = num(values.rotate)!;
  if (values.median) processing.median = num(values.median)!;
  if (values.contrast) processing.contrast = values.contrast as PictureProcessing['contrast'] & string;
  if (values.invert) processing.invert = values.invert === 'auto' ? 'auto' : values.invert === 'true';
  if (values.scale) processing.scale = values.scale === 'auto' ? 'auto' : num(values.scale)!;
  if (values['target-height']) processing.targetHeight = num(values['target-height'])!;
  if (values.close) processing.close = num(values.close)!;
  if (values.smooth) processing.smooth = num(values.smooth)!;
  if (values.threshold) processing.threshold = values.threshold === 'off' ? false : num(values.threshold)!;
  resolveProcessing(processing, 'options'); // a bad option fails here, naming it

  const source = positionals[0]!;
  const bytes = /^https?:\/\//.test(source)
    ? (
        await new HttpSnapshot(
          { url: source, ...(values.user ? { username: values.user, password: { env: 'CAMERA_PASSWORD' } } : {}) },
          'picture',
        ).take(undefined, {})
      ).bytes
    : await readFile(source);
  const reader = new DisplayReader(
    {
      processing,
      ...(values['seven-segment'] !== undefined
        ? { reader: { sevenSegment: { slantDegrees: values['seven-segment'] === 'auto' ? ('auto' as const) : Number(values['seven-segment']) } } }
        : {}),
      ...(values.whitelist ? { whitelist: values.whitelist } : {}),
      ...(values.unit ? { displayUnit: values.unit } : {}),
      minConfidence: Number(values['min-confidence'] ?? 70),
      ocrTimeoutMs: 60_000,
    },
    'options',
  );
  const started = performance.now();
  try {
    const r = await reader.read(bytes);
    const out = values.out ?? 'processed.png';
    if (r.processed) await writeFile(out, r.processed);
    const lines = [
      `processed:  ${r.processed ? out : 'none'}`,
      `text:       ${JSON.stringify(r.text)}`,
      `confidence: ${r.confidence.toFixed(1)} (of the least sure character)`,
      `value:      ${r.ok ? String(r.value) : `none (${r.reason})`}`,
      `time:       ${(performance.now() - started).toFixed(0)} ms (the first picture includes starting the OCR worker)`,
      `processing: ${JSON.stringify(processing)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return r.ok ? 0 : 1;
  } finally {
    await reader.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`expmon-camera-tune: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
