import { existsSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '../src/DurableQueue.js';
import type { StoreLogger } from '../src/FaultLog.js';
import { readLegacyLines, readLegacyQueue, type LegacyQueue } from '../src/LegacyQueue.js';
import { importLegacyQueue, planLegacyQueues } from '../src/migrateLegacyQueue.js';
import { FileSink } from '../src/sinks/FileSink.js';
import { InfluxV1Sink } from '../src/sinks/InfluxV1Sink.js';
import { Store } from '../src/Store.js';

/**
 * `queue/influx-v1/` written by the 0.1 DurableQueue (commit 573df41), see
 * fixtures/makeLegacyQueue.mjs: 30 readings appended in batches of 5, the first 8
 * acknowledged, so 22 wait (values 4.8 … 6.9).
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/legacy-0.1', import.meta.url));
const T0 = 1764460800000;
const waitingLine = (i: number): string => `legacy_temp,sensor=cryo,unit=K value=${(4 + i / 10).toFixed(1)} ${T0 + i * 1000}`;
const WAITING = Array.from({ length: 22 }, (_, i) => waitingLine(i + 8));

async function linesOf(legacy: LegacyQueue | undefined, batchSize?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of readLegacyLines(legacy!, batchSize)) out.push(...lines);
  return out;
}

function recordingLog(): StoreLogger & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, msg, obj });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('local logs of expmon 0.1', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'expmon-legacy-'));
    await cp(FIXTURE, dataDir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('readLegacyQueue reads exactly the readings after the 0.1 ack position, in order', async () => {
    const old = await readLegacyQueue(join(dataDir, 'queue', 'influx-v1'));
    expect(old).toMatchObject({ id: 'influx-v1', sinkType: 'influx-v1', damagedBytes: 0, waiting: 22 });
    expect(await linesOf(old)).toEqual(WAITING);
    expect(await linesOf(old, 5)).toEqual(WAITING);
  });

  it('readLegacyQueue stops at a corrupt record of a segment, as 0.1 did, and counts the bytes', async () => {
    const seg = join(dataDir, 'queue', 'influx-v1', '000000000002.log');
    await appendFile(seg, '00000000 torn_line value=1');
    const old = await readLegacyQueue(join(dataDir, 'queue', 'influx-v1'));
    expect(await linesOf(old)).toEqual(WAITING);
    expect(old!.waiting).toBe(22);
    expect(old!.damagedBytes).toBe('00000000 torn_line value=1'.length);
  });

  it('readLegacyQueue does not take a queue of this version for a 0.1 one', async () => {
    const dir = join(dataDir, 'queue', 'influx-v1-5c1e0b7d2a9f');
    const { queue } = await DurableQueue.open(dir);
    queue.appendLines([waitingLine(1)]);
    await queue.close();
    expect(await readLegacyQueue(dir)).toBeUndefined();
  });

  it('planLegacyQueues imports only when one destination and one 0.1 folder have the sink type', async () => {
    const old = (await readLegacyQueue(join(dataDir, 'queue', 'influx-v1')))!;
    const second = { ...old, id: 'influx-v1-2', dir: `${old.dir}-2` };
    expect(planLegacyQueues([old], [{ id: 'influx-v1-aaa', type: 'influx-v1' }, { id: 'file-bbb', type: 'file' }])).toEqual([{ legacy: old, into: 'influx-v1-aaa' }]);
    expect(planLegacyQueues([old], [{ id: 'file-bbb', type: 'file' }])[0]!.reason).toMatch(/this config has no influx-v1 destination/);
    expect(planLegacyQueues([old], [{ id: 'influx-v1-aaa', type: 'influx-v1' }, { id: 'influx-v1-ccc', type: 'influx-v1' }])[0]!.reason).toMatch(/2 influx-v1 destinations/);
    const both = planLegacyQueues([old, second], [{ id: 'influx-v1-aaa', type: 'influx-v1' }]);
    expect(both.map((p) => p.into)).toEqual([undefined, undefined]);
    expect(both[1]!.reason).toMatch(/influx-v1, influx-v1-2/);
  });

  it('Store.open imports into the one file destination: the readings land in its files, counted as from an earlier run', async () => {
    await cp(join(dataDir, 'queue', 'influx-v1'), join(dataDir, 'queue', 'file'), { recursive: true });
    await rm(join(dataDir, 'queue', 'influx-v1'), { recursive: true });
    const log = recordingLog();
    const lp = join(dataDir, 'lp');
    const store = await Store.open({ dataDir, sinks: [new FileSink({ dir: lp })], log });
    expect(store.orphans).toEqual([]);
    const counts = await store.close();
    expect(counts).toMatchObject({ produced: 0, fromEarlierRun: 22, shipped: 22, waiting: 0 });
    expect(log.lines.filter((l) => /0\.1 local log migrated: 22 waiting readings/.test(l.msg))).toHaveLength(1);
    expect(existsSync(join(dataDir, 'queue', 'file'))).toBe(false);
    const files = await readdir(lp);
    const written = (await Promise.all(files.map((f) => readFile(join(lp, f), 'utf8'))))
      .join('')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')); // the influx -import header
    expect(written).toEqual(WAITING);
  });

  it('Store.open keeps a 0.1 folder when two destinations have its sink type, and names it as an orphan with its waiting readings', async () => {
    const log = recordingLog();
    const sinks = [new InfluxV1Sink({ url: 'http://127.0.0.1:9', database: 'a' }), new InfluxV1Sink({ url: 'http://127.0.0.1:9', database: 'b' })];
    const store = await Store.open({ dataDir, sinks, log, ship: false });
    expect(store.orphans).toHaveLength(1);
    expect(store.orphans[0]).toMatchObject({ id: 'influx-v1', waiting: 22 });
    expect(store.orphans[0]!.note).toMatch(/2 influx-v1 destinations and 0\.1 did not record which database/);
    expect(store.destinations.map((d) => d.queue.depth)).toEqual([0, 0]);
    await store.close(0);
    expect(log.lines.some((l) => l.level === 'warn' && /kept, not shipped/.test(l.msg))).toBe(true);
    expect(await linesOf(await readLegacyQueue(join(dataDir, 'queue', 'influx-v1')))).toEqual(WAITING);
  });

  it('importLegacyQueue of a backlog far above the queue\'s memory bound loses nothing (each batch is fsynced before the next)', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { crc32 } = await import('node:zlib');
    // A 0.1 log written here in the 0.1 record format (`crc32hex SP line LF`, ack `segment offset`): 20 000 readings, ~1.3 MB.
    const old = join(dataDir, 'queue', 'file');
    await mkdir(old);
    const big = Array.from({ length: 20_000 }, (_, i) => `big,sensor=s${i % 7} value=${i} ${T0 + i}`);
    const record = (l: string): string => `${(crc32(l) >>> 0).toString(16).padStart(8, '0')} ${l}\n`;
    await writeFile(join(old, '000000000001.log'), big.slice(0, 12_000).map(record).join(''));
    await writeFile(join(old, '000000000002.log'), big.slice(12_000).map(record).join(''));
    await writeFile(join(old, 'ack'), '1 0\n');
    const legacy = (await readLegacyQueue(old))!;
    expect(legacy.waiting).toBe(20_000);
    const { queue } = await DurableQueue.open(join(dataDir, 'queue', 'file-new'), { maxMemoryBytes: 64 * 1024 });
    const log = recordingLog();
    expect(await importLegacyQueue(legacy, queue, log, 'file sink', 1000)).toBe(20_000);
    expect(queue.depth).toBe(20_000);
    expect(queue.drops).toEqual({ sizeBound: 0, diskFull: 0, damaged: 0 });
    const read: string[] = [];
    for (;;) {
      const b = await queue.read(queue.ackedSeq, 5000);
      if (b.count === 0) break;
      read.push(...b.payload.toString('utf8').split('\n'));
      await queue.ack(b);
    }
    expect(read).toEqual(big);
    expect(existsSync(old)).toBe(false);
    await queue.close();
  });
});
