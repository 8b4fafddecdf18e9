import {
  createReading,
  DeviceError,
  DeviceTimeoutError,
  type ExpmonError,
  type PushSource,
  type ReadOptions,
  type Reading,
  type SourceTiming,
} from '@expmon/core';
import type { Phidget } from 'phidget22';
import { Observable, Subject } from 'rxjs';
import { PhidgetConnectionError } from './errors/PhidgetConnectionError.js';
import { PhidgetDetachedError } from './errors/PhidgetDetachedError.js';
import { PhidgetEventError } from './errors/PhidgetEventError.js';
import { PhidgetLibraryError } from './errors/PhidgetLibraryError.js';
import { PhidgetOpenTimeoutError } from './errors/PhidgetOpenTimeoutError.js';
import { PhidgetStaleError } from './errors/PhidgetStaleError.js';
import type { PhidgetChannelKind } from './PhidgetChannelKind.js';
import { ANY_HUB_PORT, resolvePhidgetChannelOptions, type PhidgetChannelOptions, type ResolvedPhidgetChannelOptions } from './PhidgetChannelOptions.js';
import { resolvePhidgetTransport, type ResolvedPhidgetTransport } from './PhidgetTransport.js';
import { addFallbackPhidgetLogHandler } from './phidgetLog.js';
import { acquirePhidgetConnection, type PhidgetConnectionLease } from './sharedPhidgetConnection.js';
import { SilenceWatchdog } from './SilenceWatchdog.js';

/**
 * The stale-data watchdog never fires sooner than this (ms): with a fast data interval, a
 * pause of the event loop (garbage collection on a small board, a loaded machine) is not a
 * hung server.
 *
 * @example
 * new PhidgetThermocouple({ name: 't', serialNumber: 1, dataIntervalMs: 20 }).maxSilenceMs; // 2000, not 60
 */
export const MIN_STALE_MS = 2000;

type ChannelEvent =
  | { type: 'attach' }
  | { type: 'detach' }
  | { type: 'value'; reading: Reading }
  | { type: 'alive' }
  | { type: 'connectionError'; reason: string }
  | { type: 'failed'; error: ExpmonError }
  | { type: 'closed' };

interface OpenChannel<C> {
  channel: C;
  lease: PhidgetConnectionLease;
  attached: boolean;
  /** Removes this channel's listeners (connection errors, phidget22's log lines). */
  unlisten: Array<() => void>;
}

/**
 * A push source for one phidget22 input channel. The channel stays open while someone
 * listens; the first reading is the value the device reports when the channel opens,
 * then one per change event at its data interval. A detach, a refused connection or a
 * channel gone silent errors the stream (the runner resubscribes and the channel attaches
 * again when the board is back); the library's error events are reported on `problems`
 * and write nothing. Sources on one server share one phidget22 connection.
 *
 * Use a subclass ({@link PhidgetThermocouple}...) or pass your own {@link PhidgetChannelKind}.
 *
 * @example
 * const tc = new PhidgetChannelSource(thermocoupleKind('K'), { name: 'tc1', serialNumber: 620000, hubPort: 4 });
 * tc.readings().subscribe((r) => console.log(r.fields.value));
 */
export class PhidgetChannelSource<C extends Phidget = Phidget> implements PushSource, SourceTiming {
  readonly kind = 'push' as const;
  readonly name: string;
  readonly device: string;
  /** `openTimeoutMs` + one data interval: the first reading comes at open, at the latest one interval later. */
  readonly firstReadingWithinMs: number;
  /**
   * `staleAfterIntervals` × `dataIntervalMs`, at least {@link MIN_STALE_MS}, with `changeTrigger: 0`;
   * `undefined` with a change trigger (silence is normal).
   */
  readonly maxSilenceMs: number | undefined;
  /** Error events of the channel and configuration failures that did not stop the source. */
  readonly problems: Observable<ExpmonError>;
  /** Where the channel is, for messages (`serial 620000, hub port 4, channel 2`). */
  readonly address: string;

  private readonly phidgetKind: PhidgetChannelKind<C>;
  private readonly options: ResolvedPhidgetChannelOptions;
  private readonly transport: ResolvedPhidgetTransport;
  private readonly events = new Subject<ChannelEvent>();
  private readonly problemSubject = new Subject<ExpmonError>();
  private open: OpenChannel<C> | undefined;
  private closing: Promise<void> = Promise.resolve();
  private users = 0;

  constructor(kind: PhidgetChannelKind<C>, options: PhidgetChannelOptions) {
    this.phidgetKind = kind;
    this.options = resolvePhidgetChannelOptions(options);
    this.firstReadingWithinMs = this.options.openTimeoutMs + this.options.dataIntervalMs;
    this.maxSilenceMs =
      this.options.changeTrigger === 0 ? Math.max(MIN_STALE_MS, this.options.staleAfterIntervals * this.options.dataIntervalMs) : undefined;
    this.transport = resolvePhidgetTransport(options.transport);
    this.name = options.name;
    this.device = `phidget ${this.transport.label}`;
    const port = this.options.hubPort === ANY_HUB_PORT ? 'any hub port' : `hub port ${this.options.hubPort}`;
    this.address = `serial ${this.options.serialNumber}, ${port}, channel ${this.options.channel}`;
    this.problems = this.problemSubject.asObservable();
  }

  /**
   * The readings: the channel's value when it opens, then one per change event. Opens the
   * channel on subscribe (waiting up to `openTimeoutMs` for it to attach) and closes it when
   * the last subscriber leaves. Errors with {@link PhidgetConnectionError} as soon as the
   * server refuses or cannot be reached, {@link PhidgetOpenTimeoutError},
   * {@link PhidgetDetachedError}, or {@link PhidgetStaleError} (watchdog).
   *
   * @example
   * source.readings().subscribe({ next: (r) => console.log(r), error: (e) => console.error(e.message) });
   */
  readings(): Observable<Reading> {
    return new Observable<Reading>((subscriber) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const silent = this.maxSilenceMs;
      const watchdog =
        silent === undefined
          ? undefined
          : new SilenceWatchdog(silent, (ms) => {
              const error = new PhidgetStaleError(ms, this.options.dataIntervalMs, this.context());
              this.problemSubject.next(error);
              subscriber.error(error);
            });
      const events = this.events.subscribe((event) => {
        switch (event.type) {
          case 'attach':
            clearTimeout(timer);
            watchdog?.start();
            break;
          case 'value':
            watchdog?.kick();
            subscriber.next(event.reading);
            break;
          case 'alive':
            watchdog?.kick();
            break;
          case 'connectionError':
            if (!this.open?.attached) subscriber.error(this.connectionError(event.reason));
            break;
          case 'detach':
            subscriber.error(new PhidgetDetachedError(this.context(), this.open?.lease.lastError));
            break;
          case 'failed':
            subscriber.error(event.error);
            break;
          case 'closed':
            subscriber.complete();
            break;
        }
      });
      const open = this.acquire();
      if (open.attached) {
        watchdog?.start();
      } else if (this.transport.kind === 'network' && !open.lease.connected && open.lease.lastError) {
        // The shared connection already failed (and keeps retrying): say so now.
        subscriber.error(this.connectionError(open.lease.lastError));
      } else {
        timer = setTimeout(() => subscriber.error(this.openTimeoutError()), this.options.openTimeoutMs);
      }
      return () => {
        clearTimeout(timer);
        watchdog?.stop();
        events.unsubscribe();
        this.release();
      };
    });
  }

  /**
   * Reads once: opens the channel (unless open), waits for the next value, and closes
   * it again (unless someone else uses it). An error event of the channel while waiting
   * rejects with {@link PhidgetEventError}.
   *
   * @example
   * const [reading] = await new PhidgetThermocouple({ name: 't', serialNumber: 620000, hubPort: 4 }).read();
   */
  read(options: ReadOptions = {}): Promise<Reading[]> {
    return new Promise<Reading[]>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(new DeviceError('read aborted', { ...this.context(), cause: signal.reason }));
        return;
      }
      const valueWaitMs = this.options.openTimeoutMs + 3 * this.options.dataIntervalMs;
      const finish = (error: unknown, reading?: Reading): void => {
        clearTimeout(valueTimer);
        subscription.unsubscribe();
        problems.unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        // When this read was the channel's only user, settle once the channel is closed,
        // so that a script can stop the server or exit right after `await read()`.
        const closed = this.users === 0 ? this.shut() : Promise.resolve();
        void closed.then(() => (reading ? resolve([reading]) : reject(error)));
      };
      const onAbort = (): void => finish(new DeviceError('read aborted', { ...this.context(), cause: signal?.reason }));
      const valueTimer = setTimeout(() => {
        finish(
          this.open?.attached
            ? new DeviceTimeoutError(valueWaitMs, this.context(), `no ${this.phidgetKind.className} value`)
            : this.openTimeoutError(),
        );
      }, valueWaitMs);
      // An error event of the channel fails the read; phidget22's own log lines do not.
      const problems = this.problemSubject.subscribe((problem) => {
        if (PhidgetEventError.isInstance(problem)) finish(problem);
      });
      const subscription = this.readings().subscribe({
        next: (reading) => finish(undefined, reading),
        error: (error: unknown) => finish(error),
        complete: () => finish(new DeviceError('source closed while reading', this.context())),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Closes the channel now (ending every subscriber's stream) and releases the connection.
   *
   * @example
   * await source.close();
   */
  async close(): Promise<void> {
    this.events.next({ type: 'closed' });
    await this.shut();
  }

  private context(): { sensor: string; device: string; address: string } {
    return { sensor: this.name, device: this.device, address: this.address };
  }

  private connectionError(reason: string): PhidgetConnectionError {
    return new PhidgetConnectionError(this.transport.label, reason, this.context());
  }

  private openTimeoutError(): PhidgetOpenTimeoutError {
    const lease = this.open?.lease;
    let why = '';
    if (lease && !lease.connected && this.transport.kind === 'network') {
      why = ` (not connected to ${this.transport.label}${lease.lastError ? `: ${lease.lastError}` : ''})`;
    }
    return new PhidgetOpenTimeoutError(
      this.options.openTimeoutMs,
      `no ${this.phidgetKind.className} at ${this.address} attached${why}`,
      this.context(),
    );
  }

  private acquire(): OpenChannel<C> {
    this.users += 1;
    if (this.open) return this.open;
    const lease = acquirePhidgetConnection(this.transport);
    const channel = this.phidgetKind.create();
    const open: OpenChannel<C> = { channel, lease, attached: false, unlisten: [] };
    this.open = open;
    open.unlisten.push(
      lease.onError((reason) => {
        // A network server that refuses or is unreachable is reported at once; USB errors show as an open timeout.
        if (this.open === open && this.transport.kind === 'network') this.events.next({ type: 'connectionError', reason });
      }),
      addFallbackPhidgetLogHandler((entry) => {
        const cause = entry.error;
        if (this.transport.kind === 'network' && saidByConnectionError(entry.message, cause)) return;
        this.problemSubject.next(new PhidgetLibraryError(entry.level, entry.message, { ...this.context(), ...(cause === undefined ? {} : { cause }) }));
      }),
    );
    channel.setDeviceSerialNumber(this.options.serialNumber);
    channel.setHubPort(this.options.hubPort);
    channel.setChannel(this.options.channel);
    channel.setIsHubPortDevice(this.options.isHubPortDevice);
    if (this.transport.kind === 'network') channel.setIsRemote(true);
    else channel.setIsLocal(true);
    channel.onAttach = async () => {
      try {
        await this.phidgetKind.configure(channel, {
          dataIntervalMs: this.options.dataIntervalMs,
          changeTrigger: this.options.changeTrigger,
        });
      } catch (error) {
        if (this.open !== open) return;
        const message = error instanceof Error ? error.message : String(error);
        this.events.next({
          type: 'failed',
          error: new DeviceError(`could not configure ${this.phidgetKind.className}: ${message}`, { ...this.context(), cause: error }),
        });
        return;
      }
      if (this.open !== open) return;
      open.attached = true;
      this.events.next({ type: 'attach' });
      // The open reply carried the channel's current value: that is the first reading,
      // rather than waiting one data interval for the next change event.
      const value = this.currentValue(channel);
      if (value !== undefined) this.emitValue(value);
    };
    channel.onDetach = () => {
      if (this.open !== open || !open.attached) return;
      open.attached = false;
      this.events.next({ type: 'detach' });
    };
    channel.onError = (code: number, description: string) => {
      if (this.open !== open) return;
      this.events.next({ type: 'alive' }); // an error event is a sign of life for the watchdog
      this.problemSubject.next(new PhidgetEventError(code, description, this.context()));
    };
    this.phidgetKind.onValue(channel, (value) => {
      if (this.open !== open || !open.attached) return;
      this.emitValue(value);
    });
    // Timeout 0: phidget22 keeps the channel open and attaches it whenever it appears
    // (again after a detach). Our own timer reports a channel that does not show up.
    channel.open(0).catch(() => undefined);
    return open;
  }

  private emitValue(value: number): void {
    const reading = createReading(this.options.measurement, value, {
      unit: this.phidgetKind.unit,
      tags: this.options.tags,
      time: Date.now(),
    });
    this.events.next({ type: 'value', reading });
  }

  /** The value phidget22 holds for the channel (from the open reply), if the kind can read it and it is known. */
  private currentValue(channel: C): number | undefined {
    if (!this.phidgetKind.value) return undefined;
    try {
      const value = this.phidgetKind.value(channel);
      return Number.isFinite(value) ? value : undefined;
    } catch {
      return undefined; // phidget22 throws UNKNOWN_VALUE while the device reports an error instead of a value
    }
  }

  private release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    // A subscriber that resubscribes right away (retry) finds the channel still open.
    setImmediate(() => {
      if (this.users === 0) void this.shut();
    });
  }

  private shut(): Promise<void> {
    const open = this.open;
    if (!open) return this.closing;
    this.open = undefined;
    // An earlier channel may still be closing (a hung server answers its close only by
    // phidget22's timeout): settle when every one is closed and its connection released.
    const closing = Promise.all([this.closing, this.closeChannel(open)]).then(() => undefined);
    this.closing = closing;
    return closing;
  }

  private async closeChannel(open: OpenChannel<C>): Promise<void> {
    this.users = 0;
    open.channel.onAttach = null;
    open.channel.onDetach = null;
    open.channel.onError = null;
    try {
      await open.channel.close();
    } catch {
      // closing a channel whose connection is gone can fail; it is closed either way
    } finally {
      // After close(): phidget22's lines about closing still reach this source's problems.
      for (const unlisten of open.unlisten.splice(0)) unlisten();
      open.lease.release();
    }
  }
}

/**
 * phidget22 logs a failed connect after passing it to `onError` (a `PhidgetError`, with a
 * numeric `errorCode`), and warns about `onAuthenticationNeeded` when the password is wrong:
 * a network source reports both as a {@link PhidgetConnectionError}, so the lines would say it twice.
 */
function saidByConnectionError(message: string, error: unknown): boolean {
  if (message.startsWith('A password is required for this server')) return true;
  const isPhidgetError = typeof error === 'object' && error !== null && typeof (error as { errorCode?: unknown }).errorCode === 'number';
  return message === 'Error connecting' && isPhidgetError;
}
