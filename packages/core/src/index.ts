export type { Reading, FieldValue } from './Reading.js';
export { IntegerValue, integer } from './IntegerValue.js';
export { createReading, type CreateReadingOptions } from './createReading.js';
export { isSource, type Source, type SourceBase, type PolledSource, type PushSource, type ReadOptions, type SourceTiming } from './Source.js';
export { observeSource } from './observeSource.js';
export { SimulatedSource, type SimulatedSourceOptions } from './SimulatedSource.js';

export { ExpmonError, type ErrorContext } from './errors/ExpmonError.js';
export { DeviceError } from './errors/DeviceError.js';
export { DeviceTimeoutError } from './errors/DeviceTimeoutError.js';
export { ConfigError } from './errors/ConfigError.js';
export { InvalidReadingError } from './errors/InvalidReadingError.js';

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
export { Backoff } from './Backoff.js';
export { parseDuration, type Duration } from './parseDuration.js';
export { formatTable } from './formatTable.js';
export { resolveSecret, type Secret, type ResolveSecretOptions } from './Secret.js';
