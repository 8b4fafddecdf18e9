/**
 * Levels of phidget22's own log, most severe first.
 *
 * @example
 * const pinoLevel = (l: PhidgetLogLevel) => (l === 'critical' ? 'fatal' : l === 'warning' ? 'warn' : l === 'verbose' ? 'trace' : l);
 */
export type PhidgetLogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'verbose';

/**
 * One line of phidget22's own log, with the error it printed (stack and all) kept apart.
 *
 * @example
 * const entry: PhidgetLogEntry = { level: 'error', message: 'Error connecting', error: new Error('Connection Refused') };
 */
export interface PhidgetLogEntry {
  level: PhidgetLogLevel;
  /** The message on one line, without phidget22's timestamp, header and colours (`Error connecting`). */
  message: string;
  /** The error phidget22 attached to the line, if any (its stack is not in `message`). */
  error?: unknown;
}

/**
 * Receives phidget22's log lines instead of the console.
 *
 * @example
 * const toStderrJson: PhidgetLogHandler = ({ level, message }) => process.stderr.write(`${JSON.stringify({ level, msg: `phidget22: ${message}` })}\n`);
 */
export type PhidgetLogHandler = (entry: PhidgetLogEntry) => void;

type ConsoleMethod = 'error' | 'warn' | 'log' | 'debug' | 'info';
const METHODS: ConsoleMethod[] = ['error', 'warn', 'log', 'debug', 'info'];
const LEVELS: Record<string, PhidgetLogLevel> = {
  CRIT: 'critical',
  ERROR: 'error',
  Warn: 'warning',
  Info: 'info',
  Debug: 'debug',
  Verb: 'verbose',
};
// phidget22 (Node build) prints `[ISO time ]phidget22<LEVEL> : message[ +Nms][ -]` and the
// error as a second console argument; colours when stderr is a terminal.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/g;
const LINE = /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?phidget22\s*<\s*(CRIT|ERROR|Warn|Info|Debug|Verb)> : ([\s\S]*?)(?: \+\d+ms)?(?: -)?$/;

const handlers: PhidgetLogHandler[] = [];
const fallbacks = new Set<PhidgetLogHandler>();
type Patched = Record<ConsoleMethod, { original: (...args: unknown[]) => void; wrapper: (...args: unknown[]) => void }>;
let patched: Patched | undefined;

/**
 * Parses a console call as phidget22 makes it; `undefined` when it is not one of its lines.
 *
 * @example
 * parsePhidgetLogLine(['2026-11-30T10:00:00.000Z phidget22<ERROR> : Error connecting -', err]);
 * // { level: 'error', message: 'Error connecting', error: err }
 */
export function parsePhidgetLogLine(args: readonly unknown[]): PhidgetLogEntry | undefined {
  const [first, second] = args;
  if (typeof first !== 'string') return undefined;
  const match = LINE.exec(first.replace(ANSI, ''));
  if (!match) return undefined;
  const entry: PhidgetLogEntry = { level: LEVELS[match[1] as string] ?? 'error', message: (match[2] ?? '').replace(/\s+/g, ' ').trim() };
  if (args.length > 1) entry.error = second;
  return entry;
}

/**
 * Routes phidget22's own log lines (which it prints with the console, multi-line stack
 * traces included) to `handler` instead, for example a JSON logger. Other console output
 * is left alone. phidget22 has no logging hook of its own, so while a handler is installed
 * `console.error`, `warn`, `log`, `info` and `debug` are wrapped; the last handler installed
 * gets the lines. Returns a function that removes the handler (and the wrappers with the last one).
 *
 * Without a handler, every open expmon Phidget source reports phidget22's lines on the
 * `problems` of one of them (as {@link PhidgetLibraryError}), so a runner logs them as JSON.
 *
 * @example
 * const stop = routePhidgetLog(({ level, message, error }) => logger[level === 'warning' ? 'warn' : 'error']({ err: error }, `phidget22: ${message}`));
 * // ... later
 * stop();
 */
export function routePhidgetLog(handler: PhidgetLogHandler): () => void {
  handlers.push(handler);
  patchConsole();
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    const index = handlers.lastIndexOf(handler);
    if (index >= 0) handlers.splice(index, 1);
    unpatchConsoleWhenUnused();
  };
}

/**
 * Used by the sources: a handler that gets phidget22's lines when no {@link routePhidgetLog}
 * handler is installed; the first one added gets them. Returns its remover.
 *
 * @example
 * const remove = addFallbackPhidgetLogHandler((entry) => problems.next(toError(entry)));
 */
export function addFallbackPhidgetLogHandler(handler: PhidgetLogHandler): () => void {
  fallbacks.add(handler);
  patchConsole();
  return () => {
    fallbacks.delete(handler);
    unpatchConsoleWhenUnused();
  };
}

function deliver(entry: PhidgetLogEntry): boolean {
  const handler = handlers.at(-1) ?? fallbacks.values().next().value;
  if (!handler) return false;
  try {
    handler(entry);
  } catch {
    // a failing log handler must not break phidget22's own code path
  }
  return true;
}

function patchConsole(): void {
  if (patched) return;
  const saved = {} as Patched;
  for (const method of METHODS) {
    const original = console[method] as (...args: unknown[]) => void;
    const wrapper = (...args: unknown[]): void => {
      const entry = parsePhidgetLogLine(args);
      if (entry && deliver(entry)) return;
      original.apply(console, args);
    };
    saved[method] = { original, wrapper };
    console[method] = wrapper;
  }
  patched = saved;
}

function unpatchConsoleWhenUnused(): void {
  if (!patched || handlers.length > 0 || fallbacks.size > 0) return;
  for (const method of METHODS) {
    // Leave a wrapper that someone installed after ours in place.
    if (console[method] === patched[method].wrapper) console[method] = patched[method].original;
  }
  patched = undefined;
}
