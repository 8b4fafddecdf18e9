import { join } from 'node:path';
import { ConfigError, createReading, type ExpmonError, type PolledSource, type ReadOptions, type Reading } from '@expmon/core';
import { Subject, type Observable } from 'rxjs';
import { CaptureCommand, type CaptureCommandOptions } from './CaptureCommand.js';
import { DisplayReader, type DisplayReaderOptions } from './DisplayReader.js';
import { CameraError } from './errors/CameraError.js';
import { UnreadableDisplayError } from './errors/UnreadableDisplayError.js';
import { FailedPictures } from './FailedPictures.js';
import { HttpSnapshot, type HttpSnapshotOptions } from './HttpSnapshot.js';
import { NewestPictureInFolder, type NewestPictureInFolderOptions } from './NewestPictureInFolder.js';
import type { PictureSource } from './PictureSource.js';

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
export interface CameraDisplayOptions extends DisplayReaderOptions {
  /** Measurement name (`zeeman2_vac`). */
  name: string;
  /** Unit stored in the `unit` tag (what the number means; see also `displayUnit`). */
  unit?: string;
  /** Where pictures come from: an HTTP(S) snapshot URL, a capture command, or a folder. */
  picture: HttpSnapshotOptions | CaptureCommandOptions | NewestPictureInFolderOptions;
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
  private readonly reader: DisplayReader;
  private readonly failed: FailedPictures;
  private readonly unit: string | undefined;

  constructor(options: CameraDisplayOptions) {
    if (!options || typeof options.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(options.name)) {
      throw new ConfigError(`must be a measurement name (letters, digits, _ . -), got ${JSON.stringify(options?.name)}`, { field: 'CameraDisplay.name' });
    }
    const field = `CameraDisplay(${options.name})`;
    this.name = options.name;
    this.unit = options.unit;
    this.pictures = createPictureSource(options.picture, `${field}.picture`);
    this.device = this.pictures.device;
    this.reader = new DisplayReader(options, field);
    const keep = options.failedPictures?.keep ?? 20;
    if (!Number.isInteger(keep) || keep < 0) throw new ConfigError(`must be a whole number ≥ 0, got ${String(keep)}`, { field: `${field}.failedPictures.keep` });
    const dir = options.failedPictures?.dir ?? join(process.env.EXPMON_DATA_DIR ?? 'expmon-data', 'camera', options.name);
    this.failed = new FailedPictures(dir, keep);
    // The OCR may also wait its turn behind other cameras (one worker, one picture at a time).
    this.maxReadMs = this.pictures.timeoutMs + this.reader.ocrTimeoutMs + 500;
    this.problems = this.problemSubject.asObservable();
  }

  async read(options: ReadOptions = {}): Promise<Reading[]> {
    const context = { sensor: this.name, device: this.device };
    const picture = await this.pictures.take(options.signal, context);
    const r = await this.reader.read(picture.bytes, { ...context, ...(options.signal ? { signal: options.signal } : {}) });
    if (!r.ok) {
      const kept = await this.failed.keep(picture.bytes, r.processed);
      const where = kept.length ? ` (pictures kept: ${kept.join(', ')})` : '';
      // A picture that cannot be processed at all is the camera's fault (or a crop box that
      // does not fit its pictures): the read fails. A display that cannot be read is a problem.
      if (r.unusablePicture) throw new CameraError(`${r.reason}${where}`, context);
      this.problemSubject.next(new UnreadableDisplayError(`${r.reason}${where}`, context, { text: r.text, confidence: r.confidence, keptPictures: kept }));
      return [];
    }
    return [createReading(this.name, r.value, { time: picture.time, fields: { confidence: r.confidence }, ...(this.unit ? { unit: this.unit } : {}) })];
  }

  async close(): Promise<void> {
    await this.reader.close();
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

