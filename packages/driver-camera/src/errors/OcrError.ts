import { ExpmonError, type ErrorContext } from '@expmon/core';

/**
 * The OCR engine (the shared tesseract.js worker) failed to start or to recognise a
 * picture: trained data missing, worker crashed. The worker is restarted on the next read.
 *
 * @example
 * throw new OcrError('cannot load eng.traineddata from node_modules/@tesseract.js-data/eng', { retriable: true });
 */
export class OcrError extends ExpmonError {
  protected static override readonly marker: string = 'OcrError';
  override readonly name: string = 'OcrError';
  static override isInstance(error: unknown): error is OcrError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { retriable: true, ...context });
  }
}
