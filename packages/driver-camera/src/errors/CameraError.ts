import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The camera gave no usable picture: connection refused, HTTP error status, a capture
 * command that failed, no new picture in the folder, bytes that are not an image.
 * Nothing is written for that cycle; the runner retries with backoff.
 *
 * @example
 * throw new CameraError('HTTP 401 Unauthorized (check picture.username / picture.password)', {
 *   sensor: 'zeeman2_vac', device: 'camera http://127.0.0.1:8080/snapshot.jpg',
 * });
 */
export class CameraError extends DeviceError {
  protected static override readonly marker: string = 'CameraError';
  override readonly name: string = 'CameraError';
  static override isInstance(error: unknown): error is CameraError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { retriable: true, ...context });
  }
}
