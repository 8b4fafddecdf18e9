// `@expmon/runner/script`: what a lab script needs to run a config itself (load and
// validate it, run it for a while, read every source once). Loads zod, pino and the store.
export { loadConfig, validateConfig, type ResolvedConfig, type ResolvedSource, type ConfigOverrides } from './config/loadConfig.js';
export { resolveSinks, type NamedSink } from './config/resolveSinks.js';
export { Runner, type RunnerOptions, type RunnerStats } from './Runner.js';
export { checkSources, type CheckRow } from './checkSources.js';
export { createLogger } from './createLogger.js';
