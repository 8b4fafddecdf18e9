import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DeviceTimeoutError } from '@expmon/core';
import type { Worker } from 'tesseract.js';
import { OcrError } from './errors/OcrError.js';

/**
 * Page segmentation: `single-line` (Tesseract PSM 7, default: one line of digits),
 * `single-word` (PSM 8), `block` (PSM 6, what the Python tool used).
 *
 * @example
 * const psm: PageSegmentation = 'single-line';
 */
export type PageSegmentation = 'single-line' | 'single-word' | 'block';

const PSM: Record<PageSegmentation, string> = { 'single-line': '7', 'single-word': '8', block: '6' };

/**
 * One recognition request.
 *
 * @example
 * const r: OcrRequest = { whitelist: '0123456789.,-+Ee', segmentation: 'single-line', timeoutMs: 3000 };
 */
export interface OcrRequest {
  /** Characters the OCR may answer with; empty: any. */
  whitelist: string;
  segmentation: PageSegmentation;
  /** Longest time this request may take once its turn has come; then the worker is restarted. */
  timeoutMs: number;
  /** Caller gives up (the read was abandoned): a queued request is skipped. */
  signal?: AbortSignal;
  /** For errors: the source's name and device. */
  sensor?: string;
  device?: string;
}

/**
 * What the OCR read.
 *
 * @example
 * const { text, confidence } = await engine.recognize(png, request);
 */
export interface OcrResult {
  /** The text, trimmed. */
  readonly text: string;
  /**
   * 0..100: the lowest confidence of any character read (one doubtful digit makes the
   * whole number doubtful). Tesseract's word confidence is not used: with a whitelist it
   * is often 0 for a word read correctly.
   */
  readonly confidence: number;
  /** Time the recognition took once its turn had come (ms); 0 for readers without an engine. */
  readonly ms?: number;
  /** Each character read (spaces left out) with its confidence, 0..100, and its left and right edge in the picture (px). */
  readonly symbols: readonly { readonly text: string; readonly confidence: number; readonly left?: number; readonly right?: number }[];
}

/**
 * Where trained data comes from: a language code and a folder holding
 * `<language>.traineddata.gz`. Default: `eng` from the `@tesseract.js-data/eng` package in
 * `node_modules` (nothing is ever downloaded).
 *
 * @example
 * const data: TrainedData = { language: 'ssd', folder: '/opt/tessdata' }; // a seven-segment model you trained or copied
 */
export interface TrainedData {
  language: string;
  folder: string;
  /** The files are gzipped (`.traineddata.gz`); default true. */
  gzip?: boolean;
}

/**
 * The trained data shipped by `@tesseract.js-data/eng` (LSTM "best", integer).
 *
 * @example
 * const engine = OcrEngine.shared(bundledEnglish());
 */
export function bundledEnglish(): TrainedData {
  const require = createRequire(import.meta.url);
  return { language: 'eng', folder: join(dirname(require.resolve('@tesseract.js-data/eng')), '4.0.0_best_int'), gzip: true };
}

const engines = new Map<string, OcrEngine>();

/**
 * A long-lived tesseract.js worker (WebAssembly in a worker thread), started on first use,
 * shared by every camera source with the same trained data. Requests are serialised: one
 * recognition at a time, in arrival order, so N cameras cost one worker's memory.
 *
 * @example
 * const engine = OcrEngine.shared();
 * engine.acquire();
 * const { text, confidence } = await engine.recognize(png, { whitelist: '0123456789.', segmentation: 'single-line', timeoutMs: 3000 });
 * await engine.release();
 */
export class OcrEngine {
  private worker: Promise<Worker> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private users = 0;
  private current = { whitelist: '\u0000', segmentation: '' };
  private count = 0;
  private busy = false;

  private constructor(readonly data: TrainedData) {}

  /** The engine shared by every caller for `data` (default {@link bundledEnglish}). */
  static shared(data: TrainedData = bundledEnglish()): OcrEngine {
    const key = `${data.language}\u0000${data.folder}`;
    let engine = engines.get(key);
    if (!engine) {
      engine = new OcrEngine(data);
      engines.set(key, engine);
    }
    return engine;
  }

  /** Whether the worker is started (or starting). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Requests served so far (for tests and benchmarks). */
  get served(): number {
    return this.count;
  }

  /** Counts a user; the worker stops when the last one {@link release}s. */
  acquire(): void {
    this.users++;
  }

  /** Uncounts a user; stops the worker when none is left. Safe to call more often than acquire. */
  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.stop();
  }

  /** Starts the worker now (it starts on the first request otherwise). */
  async warmUp(): Promise<void> {
    await this.start();
  }

  /**
   * Recognises one picture (dark text on light). Requests run one after another; a
   * request whose `signal` aborted before its turn is skipped.
   */
  recognize(png: Buffer, request: OcrRequest): Promise<OcrResult> {
    const run = this.tail.then(
      () => this.run(png, request),
      () => this.run(png, request),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run(png: Buffer, request: OcrRequest): Promise<OcrResult> {
    const context = { sensor: request.sensor, device: request.device };
    if (request.signal?.aborted) throw new OcrError('abandoned before its turn', context);
    const worker = await this.start();
    if (this.busy) throw new OcrError('two recognitions at once (a bug: requests are serialised)', context);
    this.busy = true;
    this.count++;
    try {
      return await this.recognizeNow(worker, png, request, context);
    } finally {
      this.busy = false;
    }
  }

  private async recognizeNow(worker: Worker, png: Buffer, request: OcrRequest, context: { sensor: string | undefined; device: string | undefined }): Promise<OcrResult> {
    if (this.current.whitelist !== request.whitelist || this.current.segmentation !== request.segmentation) {
      await worker.setParameters({
        tessedit_char_whitelist: request.whitelist,
        tessedit_pageseg_mode: PSM[request.segmentation] as never,
      });
      this.current = { whitelist: request.whitelist, segmentation: request.segmentation };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeviceTimeoutError(request.timeoutMs, context, 'no OCR result')), request.timeoutMs);
    });
    try {
      const started = performance.now();
      const { data } = await Promise.race([worker.recognize(png, {}, { text: true, blocks: true }), timeout]);
      const ms = performance.now() - started;
      const symbols = (data.blocks ?? []).flatMap((b) =>
        b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words.flatMap((w) => w.symbols.map((s) => ({ text: s.text, confidence: s.confidence, left: s.bbox.x0, right: s.bbox.x1 }))))),
      );
      const confidence = symbols.length === 0 ? 0 : Math.min(...symbols.map((s) => s.confidence));
      return { text: data.text.trim(), confidence, symbols, ms };
    } catch (error) {
      // A worker that timed out or failed is not trusted again: the next request starts a new one.
      await this.stop();
      if (DeviceTimeoutError.isInstance(error)) throw error;
      throw new OcrError(`recognition failed: ${String((error as Error)?.message ?? error)}`, { ...context, cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  private start(): Promise<Worker> {
    if (!this.worker) {
      const data = this.data;
      this.worker = (async () => {
        const tesseract = await import('tesseract.js');
        const createWorker = tesseract.createWorker ?? (tesseract as unknown as { default: typeof tesseract }).default.createWorker;
        const worker = await createWorker(data.language, 1 /* LSTM only */, {
          langPath: data.folder,
          gzip: data.gzip ?? true,
          cacheMethod: 'none', // read the data from node_modules every start; never write a cache file
          // Without a handler tesseract.js throws a failed job's error out of its message
          // handler (an uncaught exception); with one, the job's promise rejects as it should.
          errorHandler: () => undefined,
        });
        await worker.setParameters({ debug_file: '/dev/null' } as never);
        this.current = { whitelist: '\u0000', segmentation: '' };
        return worker;
      })().catch((error: unknown) => {
        this.worker = undefined;
        throw new OcrError(`cannot start tesseract.js with ${data.language} trained data from ${data.folder}: ${String((error as Error)?.message ?? error)}`, { cause: error });
      });
    }
    return this.worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }
}
