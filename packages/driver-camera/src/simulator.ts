export { DisplayCameraSimulator, type DisplayCameraSimulatorOptions } from './simulator/DisplayCameraSimulator.js';
export {
  renderDisplay,
  renderCameraPicture,
  DEFAULT_SCENE,
  DISPLAY_FONTS,
  type DisplayPicture,
  type DisplayLook,
  type SceneBox,
} from './simulator/renderDisplay.js';
export { sevenSegmentSvg, SEVEN_SEGMENT_CHARACTERS, type SevenSegmentSvgOptions } from './simulator/sevenSegmentSvg.js';
