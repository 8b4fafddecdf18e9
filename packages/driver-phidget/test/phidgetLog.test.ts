import type { ExpmonError } from '@expmon/core';
import { Log, LogLevel } from 'phidget22';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePhidgetLogLine, PhidgetConnectionError, PhidgetLibraryError, PhidgetThermocouple, routePhidgetLog, type PhidgetLogEntry } from '../src/index.js';
import { PhidgetNetworkServerSimulator } from '../src/simulator.js';

// phidget22 prints its own log with console.error/warn, stack traces included. The real
// library against the simulator with a wrong password makes it log "Error connecting".
describe("phidget22's own log lines", () => {
  let sim: PhidgetNetworkServerSimulator;
  let printed: unknown[][];
  let realError: typeof console.error;
  let realWarn: typeof console.warn;

  beforeEach(async () => {
    sim = await PhidgetNetworkServerSimulator.start({ password: 'right', hubs: [{ serialNumber: 1, ports: { 0: 'TMP1101' } }] });
    process.env.TEST_PHIDGET_LOG_PASSWORD = 'wrong';
    // What reaches the console (stderr) in this test.
    printed = [];
    realError = console.error;
    realWarn = console.warn;
    console.error = (...args: unknown[]) => void printed.push(args);
    console.warn = (...args: unknown[]) => void printed.push(args);
  });

  afterEach(async () => {
    console.error = realError;
    console.warn = realWarn;
    delete process.env.TEST_PHIDGET_LOG_PASSWORD;
    await sim.close();
  });

  const source = (): PhidgetThermocouple =>
    new PhidgetThermocouple({ name: 'tc_log', serialNumber: 1, hubPort: 0, transport: { host: sim.host, port: sim.port, passwordEnv: 'TEST_PHIDGET_LOG_PASSWORD' } });

  it('by default go to the problems of an open source as one-line typed errors, not to stderr', async () => {
    process.env.TEST_PHIDGET_LOG_PASSWORD = 'right';
    const tc = source();
    const problems: ExpmonError[] = [];
    const sub = tc.problems.subscribe((p) => problems.push(p));
    const r = tc.readings().subscribe();
    await expect.poll(() => sim.openChannels).toBe(1);
    // phidget22's own public logging API prints through the same path as its internal lines.
    Log.log(LogLevel.ERROR, 'probe from the test');
    const cause = new Error('inner');
    console.warn('2026-11-30T10:00:00.000Z phidget22 <Warn> : Error while closing channel -', cause); // as phidget22 prints one with an error
    const lines = problems.filter((p): p is PhidgetLibraryError => PhidgetLibraryError.isInstance(p));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['error', `sensor tc_log, device phidget phid://127.0.0.1:${sim.port}, at serial 1, hub port 0, channel 0: phidget22 error: probe from the test`],
      ['warning', `sensor tc_log, device phidget phid://127.0.0.1:${sim.port}, at serial 1, hub port 0, channel 0: phidget22 warning: Error while closing channel: inner`],
    ]);
    expect(lines[1]?.cause).toBe(cause);
    r.unsubscribe();
    sub.unsubscribe();
    await tc.close();
    expect(printed.filter((args) => String(args[0]).includes('phidget22'))).toEqual([]);
    // Other console output is not touched; with no source open, phidget22's lines reach the console again.
    console.error('not phidget22');
    expect(printed).toContainEqual(['not phidget22']);
    Log.log(LogLevel.ERROR, 'after close');
    expect(printed.some((args) => String(args[0]).includes('phidget22<ERROR> : after close'))).toBe(true);
  });

  it('a wrong password is reported once, as the PhidgetConnectionError; phidget22 repeats nothing on problems or stderr', async () => {
    const tc = source();
    const problems: ExpmonError[] = [];
    const sub = tc.problems.subscribe((p) => problems.push(p));
    const error = await tc.read().catch((e: unknown) => e);
    expect(PhidgetConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('authentication failed: server rejected proof');
    expect((error as Error).message).not.toContain('wrong');
    sub.unsubscribe();
    await tc.close();
    expect(problems).toEqual([]);
    expect(printed.filter((args) => String(args[0]).includes('phidget22'))).toEqual([]);
  });

  it('routePhidgetLog takes them all, with the error kept apart; removing it restores the console', async () => {
    const entries: PhidgetLogEntry[] = [];
    const stop = routePhidgetLog((entry) => entries.push(entry));
    const tc = source();
    const problems: ExpmonError[] = [];
    const sub = tc.problems.subscribe((p) => problems.push(p));
    await tc.read().catch(() => undefined);
    await expect.poll(() => entries.some((e) => e.message === 'Error connecting')).toBe(true);
    const connecting = entries.find((e) => e.message === 'Error connecting');
    expect(connecting?.level).toBe('error');
    expect((connecting?.error as { errorCode?: number }).errorCode).toBe(37);
    expect(entries.find((e) => e.level === 'warning')?.message).toBe(
      'A password is required for this server. Handle the onAuthenticationNeeded event to return a password.',
    );
    expect(problems.filter((p) => PhidgetLibraryError.isInstance(p))).toEqual([]);
    sub.unsubscribe();
    await tc.close();
    stop();
    expect(printed.filter((args) => String(args[0]).includes('phidget22'))).toEqual([]);
    expect(console.error).not.toBe(realError); // the test's recorder is back in place
    console.error('after');
    expect(printed).toContainEqual(['after']);
  });

  it('parses the lines as phidget22 prints them, with or without a terminal', () => {
    const err = new Error('x');
    expect(parsePhidgetLogLine(['2026-11-30T10:43:26.361Z phidget22<ERROR> : Error connecting -', err])).toEqual({ level: 'error', message: 'Error connecting', error: err });
    expect(parsePhidgetLogLine(['\u001b[34mphidget22\u001b[0m <\u001b[33mWarn\u001b[0m> : Error while closing channel\u001b[32m +12ms\u001b[0m -', err])).toEqual({
      level: 'warning',
      message: 'Error while closing channel',
      error: err,
    });
    expect(parsePhidgetLogLine(['2026-11-30T10:43:26.361Z phidget22<ERROR> : KeepAlive timeout. Closing connection to server.'])).toEqual({
      level: 'error',
      message: 'KeepAlive timeout. Closing connection to server.',
    });
    expect(parsePhidgetLogLine(['something else'])).toBeUndefined();
    expect(parsePhidgetLogLine([{ phidget22: 1 }])).toBeUndefined();
  });
});
