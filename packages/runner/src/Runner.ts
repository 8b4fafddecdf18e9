import type { Logger } from 'pino';
import {
  defer,
  NEVER,
  type Observable,
  retry,
  Subject,
  type Unsubscribable,
  takeUntil,
  timer,
} from 'rxjs';
import { Backoff, dropNonFinite, ExpmonError, InvalidReadingError, type Reading, withoutNonFinite } from '@expmon/core';
import { readingToLine, Store, type Shipper, type StoreCounts } from '@expmon/store';
import type { ResolvedConfig, ResolvedSource } from './config/loadConfig.js';
import type { NamedSink } from './config/resolveSinks.js';
import { PollClock } from './PollClock.js';
import { pollSource, type PollOutcome } from './pollSource.js';

/** Options of {@link Runner}. */
export interface RunnerOptions {
  /** Stop after this many poll cycles (then ship what waits and resolve `finished`). */
  cycles?: number;
  /** Print line protocol to `out` and write nothing (no local log, no database). */
  dryRun?: boolean;
  /** Called with every stored reading (the live table of `--verbose`). */
  onReading?: (reading: Reading, sensor: string) => void;
  /** Called with every poll's outcome (`--timing`, the live table). */
  onOutcome?: (outcome: PollOutcome) => void;
  /** Where `--dry-run` prints; default stdout. */
  out?: NodeJS.WritableStream;
}

/**
 * Plain callbacks for what {@link Runner.readings$} and {@link Runner.outcomes$} carry, for
 * code that looks at every reading of thousands of sources: no RxJS subscriber chain and no
 * event object per reading. See {@link Runner.listen}.
 *
 * @example
 * const stop = runner.listen({ reading: (r, sensor) => counts.set(sensor, (counts.get(sensor) ?? 0) + 1) });
 */
export interface RunnerListener {
  /** A reading was appended to the local log (or printed, in a dry run). */
  reading?(reading: Reading, sensor: string, device: string): void;
  /** A poll of a polled source ended (answered, failed or timed out). */
  outcome?(outcome: PollOutcome): void;
}

/** Figures of a run, for logs and tests. */
export interface RunnerStats {
  readings: number;
  invalid: number;
  pollFailures: number;
}

/**
 * Runs a config: polls and subscribes to every source, applies each source's operators,
 * drops garbage, appends each reading to one durable local log per sink (fsynced in
 * batches) and ships the logs to the sinks. Sources are independent: one failing, hanging
 * or erroring source is logged with its name and retried with backoff; the others go on.
 *
 * @example
 * const runner = new Runner(config, sinks, logger, { cycles: 10 });
 * await runner.start();
 * await runner.finished;
 * const { waiting } = await runner.stop();
 */
export class Runner {
  readonly stats: RunnerStats = { readings: 0, invalid: 0, pollFailures: 0 };
  /**
   * Every stored reading with its source's name (alerts and scripts subscribe here). For a
   * callback per reading without RxJS, see {@link Runner.listen}.
   */
  readonly readings$ = new Subject<{ reading: Reading; sensor: string; device: string }>();
  /** Every poll's outcome (latency, error) of polled sources. */
  readonly outcomes$ = new Subject<PollOutcome>();
  /** A source's stream failed (a push source lost its device, an operator threw) and will be restarted. */
  readonly streamErrors$ = new Subject<{ sensor: string; device: string; error: unknown }>();
  /** The local logs and shippers (undefined in a dry run, and before `start()`). */
  localLog: Store | undefined;
  /**
   * Epoch ms at which `start()` subscribed the sources and started the clock, after the local
   * logs were opened (which can take a while); undefined before. A push source's wait for its
   * first reading counts from here.
   */
  sourcesStartedAt: number | undefined;
  /** Resolves when every source's stream has ended (after `--cycles` or `stop()`). */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private readonly stop$ = new Subject<void>();
  private readonly subscriptions: Unsubscribable[] = [];
  private buffer: string[] = [];
  private flushScheduled = false;
  private clock: PollClock | undefined;
  private stopping: Promise<{ waiting: number; counts: StoreCounts | undefined }> | undefined;
  private readingListeners: Array<NonNullable<RunnerListener['reading']>> = [];
  private outcomeListeners: Array<NonNullable<RunnerListener['outcome']>> = [];

  constructor(
    readonly config: ResolvedConfig,
    readonly sinks: NamedSink[],
    private readonly log: Logger,
    private readonly options: RunnerOptions = {},
  ) {
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.listen({ reading: options.onReading, outcome: options.onOutcome });
  }

  /**
   * Calls `listener` with every stored reading and every poll outcome, like subscribing to
   * {@link Runner.readings$} and {@link Runner.outcomes$} but without an RxJS subscriber chain
   * and an event object per reading (the runner's own source health listens here: at 1,000
   * sensors its subscriptions were a quarter of what a reading allocated). A listener that throws is logged,
   * the listeners after it are still told, and the reading is stored all the same. Returns a function that
   * removes the listener.
   */
  listen(listener: RunnerListener): () => void {
    const { reading, outcome } = listener;
    if (reading) this.readingListeners = [...this.readingListeners, reading];
    if (outcome) this.outcomeListeners = [...this.outcomeListeners, outcome];
    return () => {
      this.readingListeners = this.readingListeners.filter((l) => l !== reading);
      this.outcomeListeners = this.outcomeListeners.filter((l) => l !== outcome);
    };
  }

  /** Opens the local logs (shipping what an earlier run left first), then starts the sources. */
  async start(): Promise<void> {
    if (!this.options.dryRun) await this.openQueues();
    // One timer per interval for all its polled sources; the first tick at start.
    const clock = new PollClock({ cycles: this.options.cycles });
    this.clock = clock;
    this.subscriptions.push(this.stop$.subscribe({ complete: () => clock.stop() }));
    const streams = this.config.sources.map((entry) => this.streamOf(entry, clock));
    for (const entry of this.config.sources) {
      // An RxJS Observable or a driver's ProblemSubject (no RxJS): subscribe is what both have.
      // Unsubscribed with the others in stop().
      const problems = entry.source.problems?.subscribe((p) => {
        // An invalid value was dropped; anything else (a stale channel, a device's error
        // event, a library's message) is a problem of the device, not a dropped reading.
        const invalid = InvalidReadingError.isInstance(p);
        if (invalid) this.stats.invalid++;
        this.log.warn({ sensor: entry.source.name, device: entry.source.device, err: describe(p) }, invalid ? 'reading dropped' : 'device problem');
      });
      if (problems) this.subscriptions.push(problems);
    }
    // One subscription per source (no merge: one operator less per reading); `finished`
    // resolves when the last stream has ended.
    let open = streams.length;
    const ended = (): void => {
      if (--open === 0) this.resolveFinished();
    };
    this.sourcesStartedAt = Date.now();
    for (const { stream, accept } of streams) this.subscriptions.push(stream.subscribe({ next: accept, complete: ended, error: ended }));
    clock.start();
    this.log.info(
      {
        config: this.config.file,
        sources: this.config.sources.length,
        intervalMs: this.config.intervalMs,
        sinks: this.sinks.map((s) => s.sink.description),
        dataDir: this.config.dataDir,
      },
      'expmon-runner started',
    );
  }

  /** One shipper per destination (its queue, sink and counters). */
  get shippers(): Shipper[] {
    return this.localLog?.destinations.map((d) => d.shipper) ?? [];
  }

  /**
   * Stops the sources, stores what they produced, ships what waits until the shutdown
   * timeout, and closes everything. Resolves with how many readings still wait in the
   * local logs (they ship on the next start) and the store's counts.
   */
  stop(): Promise<{ waiting: number; counts: StoreCounts | undefined }> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<{ waiting: number; counts: StoreCounts | undefined }> {
    // The shutdown timeout bounds the whole stop: sources ending, then shipping (bisections included).
    const deadline = Date.now() + this.config.shutdownTimeoutMs;
    this.stop$.next();
    this.stop$.complete();
    await Promise.race([this.finished, sleep(this.config.shutdownTimeoutMs)]);
    for (const s of this.subscriptions) s.unsubscribe();
    this.readings$.complete();
    this.outcomes$.complete();
    this.streamErrors$.complete();
    this.flushBuffer();
    const store = this.localLog;
    let waiting = 0;
    let counts: StoreCounts | undefined;
    if (store) {
      await store.close(Math.max(0, deadline - Date.now()));
      counts = store.counts();
      waiting = counts.waiting;
    }
    await Promise.allSettled(this.config.sources.map((e) => e.source.close?.()));
    return { waiting, counts };
  }

  /**
   * Opens one local log per destination (shipping what an earlier run left first) under
   * the data dir's lock; what waits for destinations no longer configured is reported and kept.
   */
  private async openQueues(): Promise<void> {
    this.localLog = await Store.open({
      dataDir: this.config.dataDir,
      sinks: this.sinks.map((s) => s.sink),
      log: this.log,
      maxQueueBytes: this.config.maxQueueBytes,
      batchSize: this.config.batchSize,
    });
  }

  /**
   * One source's stream: polled on its interval's ticks (or subscribed, for a push source),
   * through its operators, with garbage dropped, restarted after a stream error (a push
   * source within one interval of its device's return), and "recovered" logged once when a
   * failing source answers again.
   */
  private streamOf(entry: ResolvedSource, clock: PollClock): { stream: Observable<Reading>; accept: (reading: Reading) => void } {
    const { source } = entry;
    const ctx = { sensor: source.name, device: source.device };
    // Resubscribing a push source: 1 s doubling up to the source's interval, so a device that
    // returns is read again within 2 intervals without hammering a dead one.
    const backoff = new Backoff({ initialMs: Math.min(1000, entry.intervalMs), maxMs: entry.intervalMs });
    let streamFailures = 0;
    let firstStreamFailureAt = 0;
    let raw: Observable<Reading>;
    if (source.kind === 'polled') {
      // No takeUntil(stop$) here: stopping completes the clock's tick streams.
      raw = clock.ticks(entry.intervalMs, entry.timeoutMs).pipe(
        pollSource(source, {
          onOutcome: (o) => {
            if (!o.ok) {
              this.stats.pollFailures++;
              const level = o.failures === 1 || o.failures % 10 === 0 ? 'warn' : 'debug';
              this.log[level]({ ...ctx, failures: o.failures, latencyMs: Math.round(o.latencyMs), err: describe(o.error) }, 'read failed');
            } else if (o.recovered) {
              this.logRecovered(ctx, o.recovered.failures, o.recovered.downMs);
            }
            this.outcome(o, ctx);
          },
          onOverrun: (tick) => this.log.warn({ ...ctx, tick }, 'previous read still running: cycle skipped (overrun)'),
        }),
      );
    } else {
      const end = clock.endOfRun(this.config.intervalMs) ?? NEVER;
      raw = defer(() => source.readings()).pipe(takeUntil(this.stop$), takeUntil(end));
    }
    const onGarbage = (r: Reading, field: string, value: number): void => {
      this.stats.invalid++;
      this.log.warn({ ...ctx, measurement: r.measurement, field, value: String(value) }, 'garbage value dropped (not a finite number)');
    };
    const store = (reading: Reading): void => {
      try {
        this.store(reading, source.name, source.device);
      } catch (e) {
        // Listeners are caught in store(); whatever else throws (a dry run's output) must not kill the process.
        this.log.error({ ...ctx, err: describe(e) }, 'storing a reading failed');
      }
    };
    if (source.kind === 'polled' && entry.operators.length === 0) {
      // The plain path (most polled sources): no operators means nothing in the stream can
      // fail (pollSource turns failed reads into outcomes), so no retry and no RxJS operator
      // per reading; garbage is dropped here, as dropNonFinite does. Less CPU per reading
      // and a smaller subscription chain per source (memory at 10,000 sources).
      const accept = (reading: Reading): void => {
        let kept: Reading | undefined;
        try {
          kept = withoutNonFinite(reading, onGarbage);
        } catch (e) {
          this.log.error({ ...ctx, err: describe(e) }, 'storing a reading failed');
          return;
        }
        if (kept !== undefined) store(kept);
      };
      return { stream: raw, accept };
    }
    const pipeline = (entry.operators as Array<(o: Observable<Reading>) => Observable<Reading>>).reduce(
      (stream, op) => op(stream),
      raw,
    );
    const stream = pipeline.pipe(
      dropNonFinite(onGarbage),
      retry({
        delay: (error) => {
          if (streamFailures++ === 0) firstStreamFailureAt = Date.now();
          const ms = backoff.next();
          this.log.warn({ ...ctx, err: describe(error), retryInMs: ms }, 'source stream failed; restarting it');
          this.streamErrors$.next({ ...ctx, sensor: source.name, error });
          return timer(ms).pipe(takeUntil(this.stop$));
        },
      }),
    );
    // Stores in the subscriber rather than in a tap(): one operator less per reading.
    const accept = (reading: Reading): void => {
      if (streamFailures > 0) {
        this.logRecovered(ctx, streamFailures, Date.now() - firstStreamFailureAt);
        streamFailures = 0;
        backoff.reset();
      }
      store(reading);
    };
    return { stream, accept };
  }

  /** Hands a poll outcome to the listeners and to `outcomes$` (when subscribed). */
  private outcome(o: PollOutcome, ctx: { sensor: string; device: string }): void {
    const listeners = this.outcomeListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(o);
      } catch (e) {
        this.log.error({ ...ctx, err: describe(e) }, 'a poll outcome listener failed');
      }
    }
    if (this.outcomes$.observed) this.outcomes$.next(o);
  }

  /** Logs once that a failing source answers again. */
  private logRecovered(ctx: { sensor: string; device: string }, failures: number, downMs: number): void {
    const downS = Math.round(downMs / 100) / 10;
    this.log.info({ ...ctx, failures, downS }, `recovered after ${failures} failure${failures === 1 ? '' : 's'} / ${downS} s`);
  }

  /**
   * Stores a reading that does not come from a source (the runner's own health data,
   * alert events), through the same local log and sinks.
   */
  writeReading(reading: Reading, sensor = 'expmon', device = 'expmon-runner'): void {
    this.store(reading, sensor, device, true);
  }

  private store(reading: Reading, sensor: string, device: string, internal = false): void {
    let line: string;
    try {
      line = readingToLine(reading, sensor); // one line, also for a string field with a newline
    } catch (e) {
      this.stats.invalid++;
      this.log.warn({ sensor, device, err: describe(e) }, 'reading dropped');
      return;
    }
    if (this.options.dryRun) {
      (this.options.out ?? process.stdout).write(`${line}\n`);
    } else {
      this.buffer.push(line);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushBuffer());
      }
    }
    if (internal) return;
    this.stats.readings++;
    // Told after the reading is buffered: a listener that throws loses nothing.
    // Each in its own try: one that throws must not keep the next (source health) from being told.
    const listeners = this.readingListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(reading, sensor, device);
      } catch (e) {
        this.log.error({ sensor, device, err: describe(e) }, 'a reading listener failed (the reading is stored)');
      }
    }
    if (this.readings$.observed) this.readings$.next({ reading, sensor, device });
  }

  /**
   * Appends what the sources produced since the last flush as one batch: encoded to line
   * protocol once, one frame (one CRC, one fsync) in every destination's log. Readings of
   * one tick are appended before the next tick, and fsynced within one fsync after that;
   * while the clock hands a tick to its shards, appending waits for the last shard (or a
   * full batch), so a tick of polled sources is one frame and one request, not one per shard.
   */
  private flushBuffer(): void {
    if (this.clock?.busy && this.buffer.length < this.config.batchSize && !this.stopping) {
      // The tick still reaches later shards: their readings join this frame (see PollClock.busy).
      setImmediate(() => this.flushBuffer());
      return;
    }
    this.flushScheduled = false;
    if (this.buffer.length === 0 || !this.localLog) return;
    const lines = this.buffer;
    this.buffer = [];
    const size = Math.max(1, this.config.batchSize);
    for (let i = 0; i < lines.length; i += size) {
      const part = i === 0 && lines.length <= size ? lines : lines.slice(i, i + size);
      this.localLog.writePayload(Buffer.from(part.join('\n'), 'utf8'), part.length);
    }
  }
}

/** `Name: message` of an error (expmon errors carry sensor and device in the message). */
function describe(e: unknown): string {
  if (e instanceof Error || ExpmonError.isInstance(e)) return `${(e as Error).name}: ${(e as Error).message}`;
  return String(e);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
