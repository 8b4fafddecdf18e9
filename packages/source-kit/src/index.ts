export type { Reading, FieldValue } from './Reading.js';
export { IntegerValue, integer } from './IntegerValue.js';
export { createReading, type CreateReadingOptions } from './createReading.js';
export { isSource, type Source, type SourceBase, type PolledSource, type PushSource, type ReadOptions, type SourceTiming } from './Source.js';
export type { ProblemStream, ProblemObserver } from './ProblemStream.js';
export { ProblemSubject } from './ProblemSubject.js';

export { ExpmonError, type ErrorContext } from './errors/ExpmonError.js';
export { DeviceError } from './errors/DeviceError.js';
export { DeviceTimeoutError } from './errors/DeviceTimeoutError.js';
export { ConfigError } from './errors/ConfigError.js';
export { InvalidReadingError } from './errors/InvalidReadingError.js';

export { Backoff } from './Backoff.js';
export { parseDuration, type Duration } from './parseDuration.js';
export { resolveSecret, type Secret, type ResolveSecretOptions } from './Secret.js';
