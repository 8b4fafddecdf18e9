import { join } from 'node:path';
import { ConfigError, createReading, type ExpmonError, type PolledSource, type ReadOptions, type Reading } from '@expmon/core';
import { Subject, type Observable } from 'rxjs';
import { CaptureCommand, type CaptureCommandOptions } from './CaptureCommand.js';
import { CameraError } from './errors/CameraError.js';
import { UnreadableDisplayError } from './errors/UnreadableDisplayError.js';
import { FailedPictures } from './FailedPictures.js';
import { HttpSnapshot, type HttpSnapshotOptions } from './HttpSnapshot.js';
import { NewestPictureInFolder, type NewestPictureInFolderOptions } from './NewestPictureInFolder.js';
import { OcrEngine, type OcrResult, type PageSegmentation, type TrainedData } from './OcrEngine.js';
import { applyTextFixes, parseDisplayText, type DisplayTextFormat, type TextFix } from './parseDisplayText.js';
import { resolveProcessing, type PictureProcessing } from './PictureProcessing.js';
import type { PictureSource } from './PictureSource.js';
import { processPicture } from './processPicture.js';
import { readSevenSegment, type SevenSegmentOptions } from './readSevenSegment.js';

/** Characters a numeric display shows; the default OCR whitelist (the space too: without it Tesseract doubts the character after a gap). */
export const NUMBER_CHARACTERS = '0123456789.,-+Ee ';

/**
 * Options of {@link CameraDisplay}.
 *
 * @example
 * const o: CameraDisplayOptions = {
 *   name: 'zeeman2_vac', unit: 'mbar',
 *   picture: { url: 'http://10.0.0.9:8080/snapshot.jpg' },
 *   processing: { crop: { left: 480, top: 275, right: 580, bottom: 300 }, contrast: 'clahe' },
 *   minConfidence: 70,
 * };
 */
export interface CameraDisplayOptions extends DisplayTextFormat {
  /** Measurement name (`zeeman2_vac`). */
  name: string;
  /** Unit stored in the `unit` tag (what the number means; see also `displayUnit`). */
  unit?: string;
  /** Where pictures come from: an HTTP(S) snapshot URL, a capture command, or a folder. */
  picture: HttpSnapshotOptions | CaptureCommandOptions | NewestPictureInFolderOptions;
  /** Crop, rotation, contrast, …: see {@link PictureProcessing}. */
  processing?: PictureProcessing;
  /** Characters the OCR may read; default {@link NUMBER_CHARACTERS} plus the letters of `displayUnit`. */
  whitelist?: string;
  /** Default `single-line`. */
  segmentation?: PageSegmentation;
  /**
   * `tesseract` (default): the shared tesseract.js worker, for displays in a font (LCD dot
   * matrix, printed digits). `{ sevenSegment: { slantDegrees } }`: a segment-by-segment
   * reader for seven-segment LED/LCD displays, which Tesseract's font-trained models read
   * poorly (see the README's benchmark).
   */
  reader?: 'tesseract' | { sevenSegment: SevenSegmentOptions };
  /** Trained data; default `eng` from `@tesseract.js-data/eng` in node_modules. */
  trainedData?: TrainedData;
  /** Longest OCR time for one picture once its turn has come; default 2000 ms (a line of digits takes 20–150 ms). */
  ocrTimeoutMs?: number;
  /** Readings with a lower OCR confidence (0..100) are dropped and reported; default 70. */
  minConfidence?: number;
  /**
   * The text must match this (after `textFixes`), or the reading is dropped: the strongest
   * guard against a wrong number when the display always has the same shape
   * (`/^\d\.\d[Ee]-\d\d$/`).
   */
  pattern?: RegExp;
  /** Values outside `[min, max]` are dropped and reported. */
  validRange?: readonly [min: number, max: number];
  /** Fixes applied to the OCR text before parsing (see `PYTHON_TOOL_TEXT_FIXES`); default none. */
  textFixes?: readonly TextFix[];
  /** Your own parser for anything else: return a number, or `undefined` when the text is not one. */
  parse?: (text: string) => number | undefined;
  /**
   * On a failed read, keep the original and the processed picture in `dir` (default
   * `$EXPMON_DATA_DIR/camera/<name>` or `expmon-data/camera/<name>`), the newest `keep`
   * pairs (default 20; 0: keep none).
   */
  failedPictures?: { dir?: string; keep?: number };
}

/**
 * Reads one number from a picture of a device's display (a vacuum gauge with no data
 * port): takes a picture, processes it with sharp, reads it with a shared tesseract.js
 * worker, parses it strictly. A polled source: one picture per read.
 *
 * Emits `<name>` with fields `value` and `confidence` (0..100) and tag `unit`. A picture
 * that is not read with confidence (blank, covered, out of focus, unparsable text) gives
 * no reading: it is reported on `problems` as an {@link UnreadableDisplayError}, never
 * written as a number. A camera that cannot be reached rejects the read with a
 * {@link CameraError} (or `DeviceTimeoutError`) naming the camera.
 *
 * @example
 * import { CameraDisplay } from '@expmon/driver-camera';
 * const gauge = new CameraDisplay({
 *   name: 'zeeman2_vac', unit: 'mbar',
 *   picture: { url: 'http://10.0.0.9:8080/snapshot.jpg', username: 'lab', password: { env: 'CAMERA_PASSWORD' } },
 *   processing: { crop: { left: 480, top: 275, right: 580, bottom: 300 }, contrast: 'clahe' },
 *   pattern: /^\d\.\d{1,2}E[-+]\d\d$/,
 * });
 * const [reading] = await gauge.read();
 */
export class CameraDisplay implements PolledSource {
  readonly kind = 'polled' as const;
  readonly name: string;
  readonly device: string;
  readonly maxReadMs: number;
  readonly problems: Observable<ExpmonError>;
  private readonly problemSubject = new Subject<ExpmonError>();
  private readonly pictures: PictureSource;
  private readonly processing: PictureProcessing;
  private readonly engine: OcrEngine;
  private readonly failed: FailedPictures;
  private readonly options: CameraDisplayOptions;
  private readonly whitelist: string;
  private readonly ocrTimeoutMs: number;
  private readonly minConfidence: number;
  private acquired = false;

  constructor(options: CameraDisplayOptions) {
    if (!options || typeof options.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(options.name)) {
      throw new ConfigError(`must be a measurement name (letters, digits, _ . -), got ${JSON.stringify(options?.name)}`, { field: 'CameraDisplay.name' });
    }
    const field = `CameraDisplay(${options.name})`;
    this.name = options.name;
    this.options = options;
    this.pictures = createPictureSource(options.picture, `${field}.picture`);
    this.device = this.pictures.device;
    resolveProcessing(options.processing, `${field}.processing`);
    this.processing = options.processing ?? {};
    this.whitelist = options.whitelist ?? uniqueCharacters(NUMBER_CHARACTERS + (options.displayUnit ?? '').replace(/\s/g, ''));
    if (typeof this.whitelist !== 'string') throw new ConfigError('must be a string of characters', { field: `${field}.whitelist` });
    this.ocrTimeoutMs = options.ocrTimeoutMs ?? 2000;
    if (!(Number.isFinite(this.ocrTimeoutMs) && this.ocrTimeoutMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.ocrTimeoutMs)}`, { field: `${field}.ocrTimeoutMs` });
    }
    this.minConfidence = options.minConfidence ?? 70;
    if (!(Number.isFinite(this.minConfidence) && this.minConfidence >= 0 && this.minConfidence <= 100)) {
      throw new ConfigError(`must be a number from 0 to 100, got ${String(options.minConfidence)}`, { field: `${field}.minConfidence` });
    }
    if (options.pattern !== undefined && !(options.pattern instanceof RegExp)) {
      throw new ConfigError('must be a regular expression', { field: `${field}.pattern` });
    }
    if (options.validRange !== undefined) {
      const [min, max] = options.validRange;
      if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
        throw new ConfigError(`must be [min, max] with min < max, got ${JSON.stringify(options.validRange)}`, { field: `${field}.validRange` });
      }
    }
    if (options.parse !== undefined && typeof options.parse !== 'function') {
      throw new ConfigError('must be a function (text) => number | undefined', { field: `${field}.parse` });
    }
    if (options.reader !== undefined && options.reader !== 'tesseract' && typeof options.reader?.sevenSegment !== 'object') {
      throw new ConfigError("must be 'tesseract' or { sevenSegment: { slantDegrees } }", { field: `${field}.reader` });
    }
    if (options.segmentation !== undefined && !['single-line', 'single-word', 'block'].includes(options.segmentation)) {
      throw new ConfigError(`must be 'single-line', 'single-word' or 'block', got ${JSON.stringify(options.segmentation)}`, { field: `${field}.segmentation` });
    }
    const keep = options.failedPictures?.keep ?? 20;
    if (!Number.isInteger(keep) || keep < 0) throw new ConfigError(`must be a whole number ≥ 0, got ${String(keep)}`, { field: `${field}.failedPictures.keep` });
    const dir = options.failedPictures?.dir ?? join(process.env.EXPMON_DATA_DIR ?? 'expmon-data', 'camera', options.name);
    this.failed = new FailedPictures(dir, keep);
    this.engine = OcrEngine.shared(options.trainedData);
    // The OCR waits its turn behind other cameras; the picture's own timeout comes first.
    this.maxReadMs = this.pictures.timeoutMs + this.ocrTimeoutMs + 500;
    this.problems = this.problemSubject.asObservable();
  }

  async read(options: ReadOptions = {}): Promise<Reading[]> {
    const context = { sensor: this.name, device: this.device };
    if (!this.acquired && (this.options.reader ?? 'tesseract') === 'tesseract') {
      this.engine.acquire();
      this.acquired = true;
    }
    const picture = await this.pictures.take(options.signal, context);
    const processed = await processPicture(picture.bytes, this.processing);
    if (!processed.ok) {
      const kept = await this.failed.keep(picture.bytes, undefined);
      throw new CameraError(`unusable picture: ${processed.reason}${kept.length ? ` (kept: ${kept.join(', ')})` : ''}`, context);
    }
    const reader = this.options.reader ?? 'tesseract';
    const ocr =
      reader === 'tesseract'
        ? await this.engine.recognize(processed.png, {
            whitelist: this.whitelist,
            segmentation: this.options.segmentation ?? 'single-line',
            timeoutMs: this.ocrTimeoutMs,
            ...(options.signal ? { signal: options.signal } : {}),
            sensor: this.name,
            device: this.device,
          })
        : readSevenSegment(processed.grey, processed.width, processed.height, reader.sevenSegment);
    const text = applyTextFixes(ocr.text, this.options.textFixes ?? []);
    const confidence = Math.round(this.numberConfidence(ocr) * 10) / 10;
    const problem = this.judge(text, confidence);
    if (typeof problem === 'string') {
      const keptPictures = await this.failed.keep(picture.bytes, processed.png);
      this.problemSubject.next(
        new UnreadableDisplayError(`${problem}${keptPictures.length ? ` (pictures kept: ${keptPictures.join(', ')})` : ''}`, context, { text, confidence, keptPictures }),
      );
      return [];
    }
    return [createReading(this.name, problem, { time: picture.time, fields: { confidence }, ...(this.options.unit ? { unit: this.options.unit } : {}) })];
  }

  /** The lowest confidence of the characters of the number (a unit shown after it does not count). */
  private numberConfidence(ocr: OcrResult): number {
    let symbols = ocr.symbols;
    const unit = this.options.displayUnit?.replace(/\s/g, '');
    if (unit && symbols.map((s) => s.text).join('').toLowerCase().endsWith(unit.toLowerCase())) {
      symbols = symbols.slice(0, symbols.length - unit.length);
    }
    return symbols.length === 0 ? 0 : Math.min(...symbols.map((s) => s.confidence));
  }

  /** The value, or why the text gives none. */
  private judge(text: string, confidence: number): number | string {
    const shown = JSON.stringify(text);
    if (text === '') return 'no text on the display (blank, covered or out of focus?)';
    if (confidence < this.minConfidence) return `confidence ${confidence} < minConfidence ${this.minConfidence} (text ${shown})`;
    if (this.options.pattern && !this.options.pattern.test(text)) return `text ${shown} does not match pattern ${String(this.options.pattern)}`;
    let value: number | undefined;
    if (this.options.parse) {
      const v = this.options.parse(text);
      if (typeof v !== 'number' || !Number.isFinite(v)) return `parse() gave no number for text ${shown}`;
      value = v;
    } else {
      const parsed = parseDisplayText(text, this.options);
      if (!parsed.ok) return parsed.reason;
      value = parsed.value;
    }
    const range = this.options.validRange;
    if (range && (value < range[0] || value > range[1])) return `${value} (text ${shown}) is outside validRange [${range[0]}, ${range[1]}]`;
    return value;
  }

  async close(): Promise<void> {
    if (this.acquired) {
      this.acquired = false;
      await this.engine.release();
    }
  }
}

function createPictureSource(picture: CameraDisplayOptions['picture'], field: string): PictureSource {
  if (typeof picture !== 'object' || picture === null) {
    throw new ConfigError('must be { url }, { command } or { folder }', { field });
  }
  const kinds = (['url', 'command', 'folder'] as const).filter((k) => k in picture);
  if (kinds.length !== 1) throw new ConfigError(`must have exactly one of url, command, folder; got ${kinds.join(', ') || 'none'}`, { field });
  if ('url' in picture) return new HttpSnapshot(picture, field);
  if ('command' in picture) return new CaptureCommand(picture, field);
  return new NewestPictureInFolder(picture, field);
}

function uniqueCharacters(s: string): string {
  return [...new Set(s)].join('');
}
