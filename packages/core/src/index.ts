// Everything of @expmon/source-kit (readings, the Source contract, errors, problems, secrets,
// backoff, durations: the same classes), and what needs RxJS or is for scripts and the runner.
export * from '@expmon/source-kit';
export { observeSource } from './observeSource.js';
export { SimulatedSource, type SimulatedSourceOptions } from './SimulatedSource.js';

export { convert, type ConvertOptions } from './operators/convert.js';
export { unitConversion, type AffineConversion } from './units/unitConversion.js';
export { UNIT_TABLE, lookupUnit, type UnitDefinition, type Quantity } from './units/unitTable.js';
export { mathjsUnitName } from './units/mathjsConversion.js';
export { mapValue } from './operators/mapValue.js';
export { calibrate, type Calibration, type CalibrateOptions } from './operators/calibrate.js';
export { piecewiseLinear, type OutOfRange } from './operators/piecewiseLinear.js';
export { powerOfTenCurve, type PowerOfTenCoefficients } from './operators/powerOfTenCurve.js';
export { precision } from './operators/precision.js';
export { spikeFilter, type SpikeFilterOptions, type SpikeAction } from './operators/spikeFilter.js';
export { dropNonFinite, withoutNonFinite } from './operators/dropNonFinite.js';
export { formatTable } from './formatTable.js';
