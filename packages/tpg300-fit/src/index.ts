export { fitTpg300, type CalibrationPair, type FitTpg300Options, type Tpg300Fit } from './fitTpg300.js';
export { parseCalibrationCsv } from './parseCalibrationCsv.js';
