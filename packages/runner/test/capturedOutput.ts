import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A JSON logger whose lines are parsed into `logs`, for a runner in the test's process. */
export function capturedLog(level: 'debug' | 'info' = 'info'): { log: Logger; logs: Array<Record<string, unknown>> } {
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level, base: undefined }, stream), logs };
}

/** A stream that collects the lines written to it (a dry run's line protocol) in `lines`. */
export function capturedLines(): { out: Writable; lines: string[] } {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { out, lines };
}
