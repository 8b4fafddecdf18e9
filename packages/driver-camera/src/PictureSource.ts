import type { ErrorContext } from '@expmon/core';

/**
 * A picture and the time it was taken (ms since epoch).
 *
 * @example
 * const { bytes, time } = await pictures.take(AbortSignal.timeout(3000), { sensor: 'gauge' });
 */
export interface Picture {
  readonly bytes: Buffer;
  readonly time: number;
}

/**
 * Where a camera source's pictures come from: {@link HttpSnapshot}, {@link CaptureCommand}
 * or {@link NewestPictureInFolder}.
 *
 * @example
 * const pictures: PictureSource = new HttpSnapshot({ url: 'http://127.0.0.1:8080/snapshot.jpg' }, 'CameraDisplay(gauge).picture');
 */
export interface PictureSource {
  /** For logs and errors (`camera http://127.0.0.1:8080/snapshot.jpg`); never holds a secret. */
  readonly device: string;
  /** Longest time {@link take} takes before it fails with its own timeout. */
  readonly timeoutMs: number;
  /** Takes one picture; rejects with a CameraError (or DeviceTimeoutError) naming the device. */
  take(signal: AbortSignal | undefined, context: ErrorContext): Promise<Picture>;
}
