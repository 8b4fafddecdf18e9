import { ConfigError, createReading, DeviceError, type PolledSource, type Reading, type ReadOptions } from '@expmon/source-kit';

/**
 * Options of {@link SimulatedSource}. Every probability is per read, from 0 to 1.
 *
 * @example
 * const flaky: SimulatedSourceOptions = { name: 'flaky', failureProbability: 0.1, latencyMs: 50, seed: 7 };
 */
export interface SimulatedSourceOptions {
  /** Source name; also the measurement unless `measurement` is given. */
  name: string;
  measurement?: string;
  /** Device name in logs; default `simulator`. */
  device?: string;
  unit?: string;
  tags?: Record<string, string>;
  /** Mean value; default 20. */
  offset?: number;
  /** Sine amplitude; default 1. */
  amplitude?: number;
  /** Sine period in ms; default 60 000. */
  periodMs?: number;
  /** Standard deviation of the Gaussian noise; default 0.05. */
  noise?: number;
  /** Chance that a reading is a spike of `spikeSize` added to it; default 0. */
  spikeProbability?: number;
  /** Default 10 × amplitude. */
  spikeSize?: number;
  /** Time the simulated device takes to answer, ms; default 0. */
  latencyMs?: number;
  /** Chance that a read fails with a DeviceError; default 0. */
  failureProbability?: number;
  /** Chance that a read never answers (until aborted); default 0. */
  hangProbability?: number;
  /** Chance that the value is NaN or Infinity (garbage); default 0. */
  garbageProbability?: number;
  /** Seed of the pseudo-random generator, for repeatable runs; default 1. */
  seed?: number;
}

/**
 * A polled source that simulates a sensor: sine + Gaussian noise + occasional spikes,
 * with configurable latency, failures, hangs and garbage. For demos and tests.
 *
 * @example
 * const temp = new SimulatedSource({ name: 'lab_temp', unit: '°C', offset: 21, latencyMs: 20 });
 * console.log(await temp.read());
 */
export class SimulatedSource implements PolledSource {
  readonly kind = 'polled' as const;
  readonly name: string;
  readonly device: string;
  /** How many reads were attempted (for tests and demos). */
  reads = 0;
  private readonly o: Required<Omit<SimulatedSourceOptions, 'unit' | 'tags' | 'measurement'>> & {
    unit: string | undefined;
    tags: Record<string, string>;
    measurement: string;
  };
  private state: number;

  constructor(options: SimulatedSourceOptions) {
    if (!options || typeof options.name !== 'string' || options.name === '') {
      throw new ConfigError('must be a non-empty string', { field: 'SimulatedSource.name' });
    }
    for (const k of ['spikeProbability', 'failureProbability', 'hangProbability', 'garbageProbability'] as const) {
      const p = options[k];
      if (p !== undefined && !(p >= 0 && p <= 1)) {
        throw new ConfigError(`must be from 0 to 1, got ${String(p)}`, { field: `SimulatedSource(${options.name}).${k}` });
      }
    }
    for (const k of ['offset', 'amplitude', 'spikeSize', 'seed'] as const) {
      const x = options[k];
      if (x !== undefined && !Number.isFinite(x)) {
        throw new ConfigError(`must be a finite number, got ${String(x)}`, { field: `SimulatedSource(${options.name}).${k}` });
      }
    }
    for (const k of ['periodMs', 'noise', 'latencyMs'] as const) {
      const x = options[k];
      const ok = k === 'periodMs' ? x! > 0 : x! >= 0;
      if (x !== undefined && !(Number.isFinite(x) && ok)) {
        throw new ConfigError(`must be a ${k === 'periodMs' ? 'positive' : 'non-negative'} number, got ${String(x)}`, {
          field: `SimulatedSource(${options.name}).${k}`,
        });
      }
    }
    const amplitude = options.amplitude ?? 1;
    this.o = {
      name: options.name,
      measurement: options.measurement ?? options.name,
      device: options.device ?? 'simulator',
      unit: options.unit,
      tags: options.tags ?? {},
      offset: options.offset ?? 20,
      amplitude,
      periodMs: options.periodMs ?? 60_000,
      noise: options.noise ?? 0.05,
      spikeProbability: options.spikeProbability ?? 0,
      spikeSize: options.spikeSize ?? 10 * amplitude,
      latencyMs: options.latencyMs ?? 0,
      failureProbability: options.failureProbability ?? 0,
      hangProbability: options.hangProbability ?? 0,
      garbageProbability: options.garbageProbability ?? 0,
      seed: options.seed ?? 1,
    };
    this.name = this.o.name;
    this.device = this.o.device;
    this.state = this.o.seed >>> 0 || 1;
  }

  read(options: ReadOptions = {}): Promise<Reading[]> {
    this.reads++;
    const o = this.o;
    const fail = this.random() < o.failureProbability;
    const hang = this.random() < o.hangProbability;
    const garbage = this.random() < o.garbageProbability;
    const spike = this.random() < o.spikeProbability;
    const noise = this.gaussian() * o.noise;
    // No latency, no hang: answer without an async function or a timer (a simulator stands
    // in for thousands of sensors in benchmarks; its own cost should not hide the runner's).
    if (o.latencyMs <= 0 && !hang && !options.signal?.aborted) {
      return fail ? Promise.reject(this.failure()) : Promise.resolve([this.reading(spike, garbage, noise)]);
    }
    return this.readSlowly(options.signal, hang, fail, spike, garbage, noise);
  }

  private async readSlowly(signal: AbortSignal | undefined, hang: boolean, fail: boolean, spike: boolean, garbage: boolean, noise: number): Promise<Reading[]> {
    await wait(this.o.latencyMs, signal);
    if (hang) await wait(Number.POSITIVE_INFINITY, signal);
    if (fail) throw this.failure();
    return [this.reading(spike, garbage, noise)];
  }

  private failure(): DeviceError {
    return new DeviceError('simulated failure', { sensor: this.name, device: this.device, retriable: true });
  }

  private reading(spike: boolean, garbage: boolean, noise: number): Reading {
    const o = this.o;
    const time = Date.now();
    let value = o.offset + o.amplitude * Math.sin((2 * Math.PI * time) / o.periodMs) + noise;
    if (spike) value += o.spikeSize;
    if (garbage) value = this.random() < 0.5 ? Number.NaN : Number.POSITIVE_INFINITY;
    return createReading(o.measurement, value, { unit: o.unit, tags: o.tags, time });
  }

  async close(): Promise<void> {}

  /** mulberry32: small, fast, repeatable. */
  private random(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private gaussian(): number {
    const u = 1 - this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      if (timer) clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
