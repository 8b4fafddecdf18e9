import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterFile } from '../src/DeadLetterFile.js';
import { SinkRejectedError } from '../src/errors/SinkRejectedError.js';
import { SinkUnavailableError } from '../src/errors/SinkUnavailableError.js';
import { DurableQueue } from '../src/DurableQueue.js';
import type { StoreLogger } from '../src/FaultLog.js';
import { Shipper } from '../src/Shipper.js';
import type { Sink } from '../src/sinks/Sink.js';

const lines = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `m value=${from + i} ${1_700_000_000_000 + from + i}`);

/**
 * A scripted sink: the real databases are exercised in influxdb1/victoriametrics tests; here the
 * order in which concurrent writes succeed or fail must be controlled exactly, which a real server
 * can't be made to do. It records every line it accepted.
 */
class ScriptedSink implements Sink {
  probe?: () => Promise<boolean>;
  readonly id = 'scripted';
  readonly description = 'scripted sink';
  accepted: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;
  constructor(private readonly decide: (call: number, lines: readonly string[]) => Promise<'ok' | 'down' | 'reject'>) {}
  async write(batch: readonly string[]): Promise<void> {
    const call = ++this.calls;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const what = await this.decide(call, batch);
      if (what === 'down') throw new SinkUnavailableError('ECONNREFUSED', this.description);
      if (what === 'reject') throw new SinkRejectedError('HTTP 400: field type conflict', 400, this.description);
      this.accepted.push(...batch);
    } finally {
      this.inFlight--;
    }
  }
  async close(): Promise<void> {}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Shipper', () => {
  let dir: string;
  const logged: Array<{ level: string; obj: object; msg: string }> = [];
  const log: StoreLogger = {
    debug() {},
    info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logged.push({ level: 'error', obj, msg }),
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-shipper-'));
    logged.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes several batches at once and acknowledges them in order', async () => {
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    for (let i = 0; i < 1000; i += 100) queue.appendLines(lines(i, 100));
    const sink = new ScriptedSink(async (call) => {
      await sleep(call === 1 ? 60 : 10); // the first batch is the slowest
      return 'ok';
    });
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead.lp')), log, { batchSize: 100, maxInFlight: 3 });
    expect(await shipper.drain(Date.now() + 10_000)).toBe(0);
    expect(sink.maxInFlight).toBe(3);
    expect([...sink.accepted].sort()).toEqual([...lines(0, 1000)].sort());
    expect(shipper.stats.shipped).toBe(1000);
    await queue.close();
  });

  it('when an earlier batch fails and a later one got through, the later one is not sent again', async () => {
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    for (let i = 0; i < 300; i += 100) queue.appendLines(lines(i, 100));
    let down = true;
    const sink = new ScriptedSink(async (call) => {
      if (call === 1) {
        await sleep(30);
        return down ? 'down' : 'ok';
      }
      return call <= 3 ? 'ok' : down ? 'down' : 'ok';
    });
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead.lp')), log, { batchSize: 100, maxInFlight: 3, initialBackoffMs: 20 });
    shipper.start();
    // The first batch answers 'down' after 30 ms (plus the disk reads and timers of a loaded machine).
    await expect.poll(() => shipper.unavailable, { timeout: 10_000 }).toBe(true);
    expect(queue.depth).toBe(300); // nothing acknowledged: the first batch failed
    down = false;
    const waiting = await shipper.drain(Date.now() + 10_000);
    expect(waiting).toBe(0);
    // Every line exactly once, although batches 2 and 3 were written before batch 1 succeeded.
    expect(sink.accepted).toHaveLength(300);
    expect(new Set(sink.accepted).size).toBe(300);
    expect(shipper.stats.shipped).toBe(300);
    await queue.close();
  });

  it('a refused batch is bisected: only the bad line goes to the dead-letter file', async () => {
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    const batch = lines(0, 50);
    batch[37] = 'm value="text" 1700000000037';
    batch[3] = 'm value="text" 1700000000003';
    queue.appendLines(batch);
    const sink = new ScriptedSink(async (_call, l) => (l.some((x) => x.includes('"text"')) ? 'reject' : 'ok'));
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead.lp')), log, { batchSize: 50 });
    expect(await shipper.drain(Date.now() + 10_000)).toBe(0);
    expect(sink.accepted).toHaveLength(48);
    expect(shipper.stats.deadLettered).toBe(2);
    expect(shipper.stats.shipped).toBe(48);
    // One log line for the refused batch, with the count and the reasons.
    const refusals = logged.filter((l) => /refused/.test(l.msg));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.obj).toMatchObject({ refused: 2, batch: 50, stored: 48 });
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(dir, 'dead.lp'), 'utf8')).toMatch(/# \S+ .*field type conflict\nm value="text" 1700000000037\n/);
    await queue.close();
  });

  it('a dead-letter file that cannot be written goes through the fault log (once), not as "database unavailable"; the batch waits and ships once it can', async () => {
    const { writeFile, unlink, readFile } = await import('node:fs/promises');
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    const batch = lines(0, 20);
    batch[7] = 'm value="text" 1700000000007';
    queue.appendLines(batch);
    let attempts = 0; // whole-batch requests: one per attempt, the rest is bisection
    const sink = new ScriptedSink(async (_call, l) => {
      if (l.length === 20) attempts++;
      return l.some((x) => x.includes('"text"')) ? 'reject' : 'ok';
    });
    // A real fs error (no mock): the dead-letter folder's name is taken by a regular file, so mkdir fails with ENOTDIR/EEXIST.
    await writeFile(join(dir, 'dead-letter'), 'not a folder');
    const deadLetters = new DeadLetterFile(join(dir, 'dead-letter', 'scripted.lp'));
    const shipper = new Shipper(queue, sink, deadLetters, log, { batchSize: 20, probeIntervalMs: 20, initialBackoffMs: 20, maxBackoffMs: 20 });
    // Retried (about 40 attempts a second on an idle machine), each failing the same way; on a
    // loaded machine one attempt with its bisection can take most of a second, so this waits
    // for the second attempt rather than for a fixed time.
    const until = Date.now() + 20_000;
    while (attempts < 2 && Date.now() < until) expect(await shipper.drain(Date.now() + 500, { untilDeadline: true })).toBe(20);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(shipper.stats).toMatchObject({ shipped: 0, deadLettered: 0 });
    expect(shipper.stats.lastError).toMatch(/dead-letter file .*scripted\.lp can't be written .*1 readings the database refused stay in the local log/);
    const faults = logged.filter((l) => /dead-letter write/.test(l.msg));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ level: 'error', msg: 'local log: dead-letter write failed; retrying' });
    expect(faults[0]!.obj).toMatchObject({ sink: 'scripted sink', op: 'dead-letter write', refused: 1, file: deadLetters.path });
    expect((faults[0]!.obj as { code?: string }).code).toMatch(/^(ENOTDIR|EEXIST)$/);
    expect(logged.filter((l) => /database unavailable/.test(l.msg))).toHaveLength(0);
    // The folder can be made again: the batch ships, the bad line lands in the dead-letter file once, "works again" is logged once.
    await unlink(join(dir, 'dead-letter'));
    expect(await shipper.drain(Date.now() + 10_000, { untilDeadline: true })).toBe(0);
    expect(shipper.stats).toMatchObject({ shipped: 19, deadLettered: 1 });
    expect((await readFile(deadLetters.path, 'utf8')).match(/^m value="text" 1700000000007$/gm)).toHaveLength(1);
    expect(logged.filter((l) => l.msg === 'local log: dead-letter write works again')).toHaveLength(1);
    expect(new Set(sink.accepted)).toEqual(new Set(batch.filter((_, i) => i !== 7)));
    await queue.close();
  });

  it('a dead-letter write failing for longer than the fault period is logged again, with the count of failures', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    queue.appendLines(['m value="text" 1700000000000', ...lines(1, 3)]);
    let attempts = 0;
    const sink = new ScriptedSink(async (_call, l) => {
      if (l.length === 4) attempts++;
      return l.some((x) => x.includes('"text"')) ? 'reject' : 'ok';
    });
    await writeFile(join(dir, 'dead-letter'), 'not a folder');
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead-letter', 'x.lp')), log, {
      probeIntervalMs: 20,
      initialBackoffMs: 20,
      maxBackoffMs: 20,
      faultLogPeriodMs: 300,
    });
    expect(await shipper.drain(Date.now() + 1500, { untilDeadline: true })).toBe(4);
    const faults = logged.filter((l) => /dead-letter write/.test(l.msg));
    // One line at the start, then one per 300 ms period at most: not one per attempt.
    expect(faults[0]!.msg).toBe('local log: dead-letter write failed; retrying');
    expect(faults.slice(1).every((f) => f.msg === 'local log: dead-letter write still failing; retrying')).toBe(true);
    expect(faults.length).toBeGreaterThanOrEqual(2);
    expect(faults.length).toBeLessThan(attempts);
    const last = faults.at(-1)!.obj as { failures: number; sinceLastLine: number };
    expect(last.failures).toBeGreaterThan(faults.length);
    expect(last.sinceLastLine).toBeGreaterThan(1);
    await queue.close();
  });

  it('bisection stops at the deadline (shutdown holds): the batch stays queued, nothing is dead-lettered twice', async () => {
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    const batch = lines(0, 1000).map((l, i) => (i % 10 === 0 ? l.replace(/value=\d+/, 'value="text"') : l));
    queue.appendLines(batch);
    // 100 bad lines among 1000, 40 ms per refused request: a full bisection takes far longer than the 300 ms given.
    const sink = new ScriptedSink(async (_call, l) => {
      await sleep(40);
      return l.some((x) => x.includes('"text"')) ? 'reject' : 'ok';
    });
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead.lp')), log, { batchSize: 1000 });
    const waiting = await shipper.drain(Date.now() + 300);
    expect(waiting).toBe(1000);
    expect(shipper.stats.deadLettered).toBe(0);
    expect(queue.depth).toBe(1000);
    await queue.close();
  });

  it('a database that comes back is noticed by the probe, not the data backoff: one "reachable again" line', async () => {
    const { queue } = await DurableQueue.open(join(dir, 'q'));
    queue.appendLines(lines(0, 10));
    let down = true;
    const sink = new ScriptedSink(async () => (down ? 'down' : 'ok'));
    let probes = 0;
    (sink as Sink).probe = async () => {
      probes++;
      return !down;
    };
    // Data retries back off from 60 s: only the probe (every 50 ms) can resume shipping in time.
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(dir, 'dead.lp')), log, { initialBackoffMs: 60_000, maxBackoffMs: 60_000, probeIntervalMs: 50 });
    shipper.start();
    await expect.poll(() => shipper.unavailable, { timeout: 10_000 }).toBe(true);
    // Probed again and again while down, each probe answering "still down".
    await expect.poll(() => probes, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const probesWhileDown = probes;
    down = false;
    for (let i = 0; i < 100 && queue.depth > 0; i++) await sleep(50);
    expect(queue.depth).toBe(0);
    // A probe after the return resumed shipping (the data backoff is 60 s).
    expect(probes).toBeGreaterThan(probesWhileDown);
    expect(logged.filter((l) => /reachable again/.test(l.msg))).toHaveLength(1);
    await shipper.stop();
    await queue.close();
  });
});
