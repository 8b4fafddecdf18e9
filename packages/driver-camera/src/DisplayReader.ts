import { ConfigError } from '@expmon/core';
import { OcrEngine, type OcrResult, type PageSegmentation, type TrainedData } from './OcrEngine.js';
import { agreedByThree } from './agreedByThree.js';
import { applyTextFixes, parseDisplayText, type DisplayTextFormat, type TextFix } from './parseDisplayText.js';
import { resolveProcessing, type PictureProcessing } from './PictureProcessing.js';
import { processPicture } from './processPicture.js';
import { readSevenSegment, type SevenSegmentOptions } from './readSevenSegment.js';

/** One look at a picture: the value (or why none), the text and its confidence. */
interface Look {
  judged: number | string;
  text: string;
  confidence: number;
}

/**
 * Tesseract's LSTM sometimes reads one glyph as two characters (`1900` as `19060`, both
 * confident): their boxes overlap. Two neighbours overlapping by more than a third of the
 * narrower one give no number.
 */
function doubleRead(ocr: OcrResult): string | undefined {
  const s = ocr.symbols;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1]!;
    const b = s[i]!;
    if (a.left === undefined || a.right === undefined || b.left === undefined || b.right === undefined) continue;
    const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const narrower = Math.min(a.right - a.left, b.right - b.left);
    if (narrower > 0 && overlap > narrower / 3) {
      return `characters "${a.text}" and "${b.text}" of text ${JSON.stringify(ocr.text)} were read from one place (a glyph read twice?)`;
    }
  }
  return undefined;
}

/** Grey levels between the crop's darkest and lightest 1 % below which it holds no text. */
const MIN_CONTRAST = 16;

/**
 * Characters a numeric display shows; the default OCR whitelist (the space too: without it
 * Tesseract doubts the character after a gap).
 *
 * @example
 * new CameraDisplay({ ..., whitelist: `${NUMBER_CHARACTERS}mbar` });
 */
export const NUMBER_CHARACTERS = '0123456789.,-+Ee ';

/**
 * How a picture of a display becomes a number: processing, OCR, parsing and the guards
 * against a wrong number. Part of {@link CameraDisplayOptions}.
 *
 * @example
 * const o: DisplayReaderOptions = { processing: { crop: { left: 480, top: 275, right: 580, bottom: 300 } }, pattern: /^\d\.\dE-\d\d$/ };
 */
export interface DisplayReaderOptions extends DisplayTextFormat {
  /** Crop, rotation, contrast, …: see {@link PictureProcessing}. */
  processing?: PictureProcessing;
  /**
   * `tesseract` (default): the shared tesseract.js worker, for displays in a font (LCD dot
   * matrix, printed digits). `{ sevenSegment: { slantDegrees } }`: a segment-by-segment
   * reader for seven-segment LED/LCD displays, which Tesseract's font-trained models read
   * poorly (see the README's benchmark).
   */
  reader?: 'tesseract' | { sevenSegment: SevenSegmentOptions };
  /** Characters the OCR may read; default {@link NUMBER_CHARACTERS} plus the letters of `displayUnit`. */
  whitelist?: string;
  /** Default `single-line`. */
  segmentation?: PageSegmentation;
  /** Trained data; default `eng` from `@tesseract.js-data/eng` in node_modules. */
  trainedData?: TrainedData;
  /** Longest OCR time for one picture (all its looks with `confirm`) once its turn has come; default 2000 ms (a line of digits takes 20–150 ms). */
  ocrTimeoutMs?: number;
  /** Readings whose least sure character has a lower confidence (0..100) are dropped and reported; default 70. */
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
   * Read each picture a second time at another scale (1.3×); when the two numbers differ, two
   * more looks (1.15×, 1.6×) are taken and the number is written only when three of the four
   * looks give it; when the first look gives no number, two more looks (1.3×, 1.6×) must
   * give the same one. Default true. Doubles the OCR time (still ~50 ms a picture) and removes
   * most of Tesseract's confident misreads. Not used by the seven-segment reader.
   */
  confirm?: boolean;
}

/**
 * What {@link DisplayReader.read} made of a picture: a value, or why there is none (never
 * a doubtful number). `processed` is the picture the OCR saw (for debugging).
 *
 * @example
 * const r: DisplayReading = await reader.read(jpeg);
 * console.log(r.ok ? r.value : r.reason, r.text, r.confidence);
 */
export type DisplayReading =
  | { readonly ok: true; readonly value: number; readonly text: string; readonly confidence: number; readonly processed: Buffer }
  | { readonly ok: false; readonly reason: string; readonly text: string; readonly confidence: number; readonly processed?: Buffer; readonly unusablePicture?: boolean };

/**
 * Reads the number shown on a picture of a display: processes it with sharp, reads it with
 * the shared tesseract.js worker (or the seven-segment reader), parses it strictly and
 * applies `minConfidence`, `pattern` and `validRange`. {@link CameraDisplay} uses one per
 * source; `expmon-camera-tune` and the benchmark use it directly.
 *
 * @example
 * const reader = new DisplayReader({ processing: { crop: { left: 480, top: 275, right: 580, bottom: 300 } } }, 'gauge');
 * const r = await reader.read(await readFile('picture.jpg'));
 * await reader.close();
 */
export class DisplayReader {
  readonly engine: OcrEngine;
  private readonly whitelist: string;
  readonly ocrTimeoutMs: number;
  private readonly minConfidence: number;
  private acquired = false;
  private readonly processing: PictureProcessing;

  /** Checks the options (a {@link ConfigError} names `field` and the option). */
  constructor(
    private readonly options: DisplayReaderOptions,
    field: string,
  ) {
    resolveProcessing(options.processing, `${field}.processing`);
    // The segment reader measures geometry: it likes bigger digits than Tesseract does.
    const sevenSegment = options.reader !== undefined && options.reader !== 'tesseract';
    this.processing = sevenSegment && options.processing?.targetHeight === undefined ? { ...options.processing, targetHeight: 100 } : (options.processing ?? {});
    this.whitelist = options.whitelist ?? [...new Set(NUMBER_CHARACTERS + (options.displayUnit ?? '').replace(/\s/g, ''))].join('');
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
    this.engine = OcrEngine.shared(options.trainedData);
  }

  /** Reads one picture. Rejects only when the OCR engine fails or times out. */
  async read(picture: Buffer, context: { signal?: AbortSignal; sensor?: string; device?: string } = {}): Promise<DisplayReading> {
    const reader = this.options.reader ?? 'tesseract';
    if (!this.acquired && reader === 'tesseract') {
      this.engine.acquire();
      this.acquired = true;
    }
    const processed = await processPicture(picture, this.processing);
    if (!processed.ok) return { ok: false, reason: `unusable picture: ${processed.reason}`, text: '', confidence: 0, unusablePicture: true };
    // Contrast enhancement would turn the sensor noise of an empty crop into shapes the OCR reads.
    if (processed.contrast < MIN_CONTRAST) {
      return { ok: false, reason: `the crop has no contrast (${processed.contrast} grey levels): blank display, covered or out of focus?`, text: '', confidence: 0, processed: processed.png };
    }
    // Strokes of digits are thin: a solid area over the crop's whole height, wider than half
    // of it, is a hand, a label, a shadow or a reflection, and what is left visible may be a
    // fragment of the number (`3E-08` of `2.3E-08`).
    const cropHeight = processed.height - 2 * processed.margin;
    if (processed.solidWidth > cropHeight / 2) {
      const reason = `a solid area ${processed.solidWidth} px wide covers the display (a hand, a label, a shadow, a reflection?)`;
      return { ok: false, reason, text: '', confidence: 0, processed: processed.png };
    }
    if (reader !== 'tesseract') {
      const ocr = readSevenSegment(processed.grey, processed.width, processed.height, reader.sevenSegment);
      return this.verdict(this.judgeOcr(ocr), processed.png);
    }
    // All looks at a picture (two to four) share one OCR time budget (`maxReadMs` counts it once),
    // counted from each look's turn (not the worker's start, nor waiting behind other cameras).
    let budget = this.ocrTimeoutMs;
    const look = async (scale: number, png?: Buffer): Promise<Look> => {
      let image = png;
      if (!image) {
        const again = await processPicture(picture, { ...this.processing, scale: 'auto', targetHeight: Math.round((this.processing.targetHeight ?? 50) * scale) });
        if (!again.ok) return { judged: again.reason, text: '', confidence: 0 };
        image = again.png;
      }
      const ocr = await this.engine.recognize(image, {
        whitelist: this.whitelist,
        segmentation: this.options.segmentation ?? 'single-line',
        timeoutMs: Math.max(1, budget),
        ...context,
      });
      budget -= ocr.ms ?? 0;
      return this.judgeOcr(ocr);
    };
    const first = await look(1, processed.png);
    if (!(this.options.confirm ?? true)) return this.verdict(first, processed.png);
    if (typeof first.judged === 'number') {
      // A second look at another scale: Tesseract's rare confident misreads (`05` as `00`)
      // seldom repeat on a picture of another size. The same number counts as agreement
      // (`4,4E-06` and `4.4E-06` with the decimal separator on auto), whatever its confidence.
      const second = await look(1.3);
      const secondValue = this.valueOf(second.text);
      if (secondValue === first.judged) return this.verdict(first, processed.png);
      // One of the two looks slipped on one glyph (`6.5` as `6.0`, `4.37` as `4.,37` or
      // `4 9`: a separator doubled or lost) at one scale. Two more looks at scales between
      // and beyond (1.15×, 1.6×): a number that three of the four looks give is the one shown
      // (any other number has one look at most); otherwise nothing is written.
      const third = await look(1.15);
      const fourth = await look(1.6);
      const agreed = agreedByThree([first.judged, secondValue, this.valueOf(third.text), this.valueOf(fourth.text)]);
      if (agreed !== undefined) {
        const agreeing = [first, second, third, fourth].filter((l) => this.valueOf(l.text) === agreed);
        const best = agreeing[0]!;
        return this.verdict({ judged: agreed, text: best.text, confidence: Math.min(...agreeing.map((l) => l.confidence)) }, processed.png);
      }
      const texts = [first, second, third, fourth].map((l) => JSON.stringify(l.text)).join(', ');
      return this.verdict({ ...first, judged: `looks at the picture at four scales disagree (${texts}): no number three of them give` }, processed.png);
    }
    // The first look gave no number (a glyph read twice, a doubtful character): two more looks
    // at other scales, which must both give the same number, every check passed.
    const second = await look(1.3);
    if (typeof second.judged !== 'number') return this.verdict(first, processed.png);
    const third = await look(1.6);
    if (typeof third.judged === 'number' && third.judged === second.judged) {
      return this.verdict({ judged: second.judged, text: second.text, confidence: Math.min(second.confidence, third.confidence) }, processed.png);
    }
    return this.verdict(first, processed.png);
  }

  /** The OCR result judged: the value, or why there is none. */
  private judgeOcr(ocr: OcrResult): Look {
    const text = applyTextFixes(ocr.text, this.options.textFixes ?? []);
    const confidence = Math.round(this.numberConfidence(ocr) * 10) / 10;
    return { judged: doubleRead(ocr) ?? this.judge(text, confidence), text, confidence };
  }

  private verdict(look: Look, processed: Buffer): DisplayReading {
    return typeof look.judged === 'string'
      ? { ok: false, reason: look.judged, text: look.text, confidence: look.confidence, processed }
      : { ok: true, value: look.judged, text: look.text, confidence: look.confidence, processed };
  }

  /** Lets the shared OCR worker stop when no other reader uses it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.acquired) {
      this.acquired = false;
      await this.engine.release();
    }
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

  /** The number a text shows (parse and pattern only), or undefined. */
  private valueOf(text: string): number | undefined {
    const judged = this.judge(text, 100);
    return typeof judged === 'number' ? judged : undefined;
  }

  /** The value, or why the text gives none. */
  private judge(text: string, confidence: number): number | string {
    const shown = JSON.stringify(text);
    if (text === '') return 'no text on the display (blank, covered or out of focus?)';
    if (confidence < this.minConfidence) return `confidence ${confidence} < minConfidence ${this.minConfidence} (text ${shown})`;
    let value: number;
    if (this.options.parse) {
      const v = this.options.parse(text);
      if (typeof v !== 'number' || !Number.isFinite(v)) return `parse() gave no number for text ${shown}`;
      value = v;
    } else {
      const parsed = parseDisplayText(text, this.options);
      if (!parsed.ok) return parsed.reason;
      value = parsed.value;
    }
    if (this.options.pattern && !this.options.pattern.test(text)) return `text ${shown} does not match pattern ${String(this.options.pattern)}`;
    const range = this.options.validRange;
    if (range && (value < range[0] || value > range[1])) return `${value} (text ${shown}) is outside validRange [${range[0]}, ${range[1]}]`;
    return value;
  }
}
