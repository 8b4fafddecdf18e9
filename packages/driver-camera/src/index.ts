export { CameraDisplay, type CameraDisplayOptions } from './CameraDisplay.js';
export { DisplayReader, NUMBER_CHARACTERS, type DisplayReaderOptions, type DisplayReading } from './DisplayReader.js';
export type { Picture, PictureSource } from './PictureSource.js';
export { HttpSnapshot, type HttpSnapshotOptions } from './HttpSnapshot.js';
export { CaptureCommand, ffmpegCapture, fswebcamCapture, type CaptureCommandOptions } from './CaptureCommand.js';
export { NewestPictureInFolder, type NewestPictureInFolderOptions } from './NewestPictureInFolder.js';
export { processPicture, type ProcessedPicture } from './processPicture.js';
export { resolveProcessing, type PictureProcessing, type CropBox, type Contrast } from './PictureProcessing.js';
export { readSevenSegment, type SevenSegmentOptions } from './readSevenSegment.js';
export { OcrEngine, bundledEnglish, type OcrRequest, type OcrResult, type PageSegmentation, type TrainedData } from './OcrEngine.js';
export {
  parseDisplayText,
  applyTextFixes,
  PYTHON_TOOL_TEXT_FIXES,
  type DisplayTextFormat,
  type ParsedDisplayText,
  type TextFix,
} from './parseDisplayText.js';
export { FailedPictures } from './FailedPictures.js';
export type { Secret } from '@expmon/core';
export { CameraError } from './errors/CameraError.js';
export { UnreadableDisplayError } from './errors/UnreadableDisplayError.js';
export { OcrError } from './errors/OcrError.js';
