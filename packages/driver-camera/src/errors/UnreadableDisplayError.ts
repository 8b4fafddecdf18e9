import { InvalidReadingError, type ErrorContext } from '@expmon/core';

/**
 * The picture arrived but no number could be trusted from it: the text does not parse
 * (blank, covered or out-of-focus display), the OCR confidence is below `minConfidence`,
 * the text does not match `pattern`, or the value is outside `validRange`. The reading is
 * dropped (never written as a number) and reported on `problems`; the pictures are kept
 * for debugging when `failedPictures.keep` > 0.
 *
 * @example
 * new UnreadableDisplayError('confidence 41 < minConfidence 70 (text "2.3E-0B")', {
 *   sensor: 'zeeman2_vac', device: 'camera http://127.0.0.1:8080/snapshot.jpg',
 * }, { text: '2.3E-0B', confidence: 41 });
 */
export class UnreadableDisplayError extends InvalidReadingError {
  protected static override readonly marker: string = 'UnreadableDisplayError';
  override readonly name: string = 'UnreadableDisplayError';
  /** What the OCR read (empty when nothing). */
  readonly text: string;
  /** OCR confidence, 0..100. */
  readonly confidence: number;
  /** Where the original and processed pictures were kept, when they were. */
  readonly keptPictures: readonly string[];
  static override isInstance(error: unknown): error is UnreadableDisplayError {
    return super.isInstance(error);
  }
  constructor(
    message: string,
    context: ErrorContext,
    ocr: { text: string; confidence: number; keptPictures?: readonly string[] },
  ) {
    super(message, context);
    this.text = ocr.text;
    this.confidence = ocr.confidence;
    this.keptPictures = ocr.keptPictures ?? [];
  }
}
