import { mkdtemp, open, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '../src/DurableQueue.js';
import { FRAME_HEADER_BYTES } from '../src/Frame.js';

const lines = (from: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `m,unit=V value=${String(from + i).padStart(7, '0')} ${1_700_000_000_000 + from + i}`);

/** Reads everything from the queue, acknowledging as it goes. */
async function drain(queue: DurableQueue, max = 1000): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const b = await queue.read(queue.ackedSeq, max);
    if (b.count === 0) break;
    got.push(...b.payload.toString('utf8').split('\n'));
    await queue.ack(b);
  }
  return got;
}

async function segments(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.log')).sort();
}

describe('DurableQueue (real files in a temp folder)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-queue-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns appended batches in order and forgets them only after ack', async () => {
    const { queue } = await DurableQueue.open(dir);
    queue.appendLines(lines(0, 3));
    queue.appendLines(lines(3, 2));
    expect(queue.depth).toBe(5);
    const b1 = await queue.read(queue.ackedSeq, 3);
    expect(b1.payload.toString().split('\n')).toEqual(lines(0, 3));
    // Reading again without ack gives the same batch (a failed write is retried as is).
    expect((await queue.read(queue.ackedSeq, 3)).payload.toString().split('\n')).toEqual(lines(0, 3));
    expect(await queue.ack(b1)).toBe(3);
    expect(queue.depth).toBe(2);
    expect((await queue.read(queue.ackedSeq, 10)).payload.toString().split('\n')).toEqual(lines(3, 2));
    await queue.close();
  });

  it('survives a restart: unacknowledged batches come back first, in order, read from disk', async () => {
    const a = await DurableQueue.open(dir);
    for (let i = 0; i < 10; i += 2) a.queue.appendLines(lines(i, 2));
    await a.queue.sync();
    await a.queue.ack(await a.queue.read(a.queue.ackedSeq, 4));
    await a.queue.close();
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery).toEqual({ pending: 6, damaged: [], empty: [], unreadable: [], missing: 0 });
    queue.appendLines(lines(10, 2));
    expect(await drain(queue)).toEqual(lines(4, 8));
    await queue.close();
  });

  it('one flipped byte costs the damaged frame only; the frames after it are kept; start-up says where and how many', async () => {
    const a = await DurableQueue.open(dir);
    for (let i = 0; i < 10; i++) a.queue.appendLines(lines(i * 100, 100));
    await a.queue.close();
    const [seg] = await segments(dir);
    const path = join(dir, seg!);
    const data = await readFile(path);
    const frameSize = data.length / 10;
    // Flip a byte in the middle of frame 3's payload, and one in frame 7's header.
    const fh = await open(path, 'r+');
    for (const at of [3 * frameSize + FRAME_HEADER_BYTES + 50, 7 * frameSize + 9]) {
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, at);
      b[0] = b[0]! ^ 0x20;
      await fh.write(b, 0, 1, at);
    }
    await fh.close();
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery.damaged).toEqual([
      { segment: path, offset: 3 * frameSize, bytes: frameSize, readings: 100 },
      { segment: path, offset: 7 * frameSize, bytes: frameSize, readings: 100 },
    ]);
    expect(recovery.pending).toBe(800);
    const got = await drain(queue);
    expect(got).toEqual([0, 1, 2, 4, 5, 6, 8, 9].flatMap((i) => lines(i * 100, 100)));
    await queue.close();
  });

  it('a torn tail is reported and never blocks start-up; new appends go to a new segment', async () => {
    const a = await DurableQueue.open(dir);
    a.queue.appendLines(lines(0, 5));
    a.queue.appendLines(lines(5, 5));
    await a.queue.close();
    const [seg] = await segments(dir);
    const size = (await readFile(join(dir, seg!))).length;
    await truncate(join(dir, seg!), size - 7);
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery.damaged).toEqual([{ segment: join(dir, seg!), offset: size / 2, bytes: size / 2 - 7 }]);
    expect(recovery.pending).toBe(5);
    queue.appendLines(lines(10, 1));
    await queue.sync();
    expect(await segments(dir)).toHaveLength(2);
    expect(await drain(queue)).toEqual([...lines(0, 5), ...lines(10, 1)]);
    await queue.close();
  });

  it('a zero-length segment and an unreadable one are reported; the readings a gap held are counted', async () => {
    const a = await DurableQueue.open(dir, { segmentBytes: 64 * 1024 });
    // Three segments: each batch fills most of one.
    for (let i = 0; i < 3; i++) {
      a.queue.appendLines(lines(i * 2000, 2000));
      await a.queue.sync();
    }
    await a.queue.close();
    const segs = await segments(dir);
    expect(segs).toHaveLength(3);
    await writeFile(join(dir, segs[1]!), '');
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery.empty).toEqual([join(dir, segs[1]!)]);
    expect(recovery.missing).toBe(2000);
    expect(recovery.pending).toBe(4000);
    expect(await drain(queue)).toEqual([...lines(0, 2000), ...lines(4000, 2000)]);
    await queue.close();
    if (process.getuid?.() !== 0) {
      // As root every file is readable: an unreadable segment can only be made as another user.
      const b = await DurableQueue.open(dir);
      b.queue.appendLines(lines(0, 1));
      await b.queue.close();
      const last = (await segments(dir)).at(-1)!;
      const { chmod } = await import('node:fs/promises');
      await chmod(join(dir, last), 0);
      const { queue: q, recovery: r } = await DurableQueue.open(dir);
      expect(r.unreadable.map((u) => u.segment)).toEqual([join(dir, last)]);
      await q.close();
    }
  });

  it('a damaged ack slot falls back to the other one; both damaged ships again from the start (never skips)', async () => {
    const a = await DurableQueue.open(dir);
    for (let i = 0; i < 10; i++) a.queue.appendLines(lines(i, 1));
    await a.queue.sync();
    await a.queue.ack(await a.queue.read(0, 4));
    await a.queue.close();
    const ack = await readFile(join(dir, 'ack'));
    const one = Buffer.from(ack);
    // Damage the newest slot (the one with the higher generation: the ack of 4 at close).
    const newest = one.readUInt32BE(4) > one.readUInt32BE(36) ? 0 : 32;
    one[newest + 10] = one[newest + 10]! ^ 0xff;
    await writeFile(join(dir, 'ack'), one);
    const b = await DurableQueue.open(dir);
    expect(b.recovery.ackDamaged).toMatch(/one slot damaged/);
    expect(b.queue.depth).toBe(6); // the other slot holds the same position (written at the ack, then again at close)
    await b.queue.close();
    await writeFile(join(dir, 'ack'), Buffer.alloc(64, 0x55));
    const c = await DurableQueue.open(dir);
    expect(c.recovery.ackDamaged).toMatch(/both slots damaged/);
    expect(c.queue.depth).toBe(10);
    await c.queue.close();
  });

  it('rotates segments, deletes shipped ones, and when full drops the oldest and counts exactly', async () => {
    const { queue } = await DurableQueue.open(dir, { maxBytes: 200 * 1024, segmentBytes: 64 * 1024 });
    let appended = 0;
    for (let i = 0; i < 120; i++) {
      queue.appendLines(lines(i * 100, 100));
      appended += 100;
      await queue.sync();
    }
    expect(queue.bytes).toBeLessThanOrEqual(200 * 1024 + 64 * 1024);
    expect(queue.drops.sizeBound).toBeGreaterThan(0);
    expect(queue.depth + queue.drops.sizeBound).toBe(appended);
    const got = await drain(queue);
    expect(got.length).toBe(queue.acknowledged);
    expect(got).toEqual(lines(queue.drops.sizeBound, appended - queue.drops.sizeBound));
    await queue.sync();
    expect(await segments(dir)).toHaveLength(1);
    await queue.close();
  });

  it('drop-oldest while a reader reads under load: no error, and appended = acknowledged + waiting + dropped', async () => {
    // No in-memory copy: every read opens the segment files the size bound deletes.
    const { queue } = await DurableQueue.open(dir, { maxBytes: 256 * 1024, segmentBytes: 64 * 1024, cacheBytes: 0 });
    let appended = 0;
    let stop = false;
    const reader = (async () => {
      let reads = 0;
      while (!stop) {
        // Read from the oldest position without acknowledging most of the time: the
        // segments being read are the ones the size bound drops.
        const b = await queue.read(queue.ackedSeq, 200);
        reads++;
        // Acknowledge a little (at most 2000 of 20 000): the rest must be dropped by the bound.
        if (reads % 10 === 0 && b.count > 0 && queue.acknowledged + b.count <= 2000) await queue.ack(b);
        await new Promise((r) => setImmediate(r));
      }
      return reads;
    })();
    for (let i = 0; i < 400; i++) {
      queue.appendLines(lines(i * 50, 50));
      appended += 50;
      if (i % 10 === 0) await queue.sync();
      else await new Promise((r) => setImmediate(r));
    }
    await queue.sync();
    stop = true;
    const reads = await reader;
    expect(reads).toBeGreaterThan(50);
    expect(queue.drops.sizeBound).toBeGreaterThan(0);
    expect(queue.acknowledged + queue.depth + queue.drops.sizeBound + queue.drops.damaged).toBe(appended);
    expect(queue.drops.damaged).toBe(0);
    await queue.close();
  });

  it('keeps lines with multi-byte characters intact', async () => {
    const { queue } = await DurableQueue.open(dir);
    const text = Array.from({ length: 3000 }, (_, i) => `température,unité=°C,lieu=salle\\ 1 value=${i} ${i + 1}`);
    for (let i = 0; i < 3000; i += 300) queue.appendLines(text.slice(i, i + 300));
    await queue.close();
    const { queue: q } = await DurableQueue.open(dir);
    expect(await drain(q, 700)).toEqual(text);
    await q.close();
  });
});

describe('DurableQueue runs of frames (memory during a long outage)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-runs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('frames no reader has reached are tracked as runs of up to maxRunReadings; read back whole and in order, also after a restart', async () => {
    const { queue } = await DurableQueue.open(dir, { cacheBytes: 0, maxRunReadings: 100 });
    // 1000 appends of 2 readings (a poll cycle each), the database down: nobody reads.
    for (let i = 0; i < 1000; i++) {
      queue.appendLines(lines(i * 2, 2));
      if (i % 50 === 49) await queue.sync();
    }
    await queue.sync();
    expect(queue.depth).toBe(2000);
    expect(queue.trackedEntries).toBeLessThanOrEqual(25); // 2000 readings / 100 per run (+ a few cut by the group commits)
    const first = await queue.read(queue.ackedSeq, 100);
    expect(first.count).toBe(100);
    expect(first.payload.toString().split('\n')).toEqual(lines(0, 100));
    await queue.close();
    const { queue: again, recovery } = await DurableQueue.open(dir, { maxRunReadings: 100 });
    expect(recovery.pending).toBe(2000);
    expect(again.trackedEntries).toBe(20);
    expect(await drain(again, 100)).toEqual(lines(0, 2000));
    await again.close();
  });

  it('a frame damaged inside a run after start costs that frame only, counted once however often the run is read', async () => {
    const { queue } = await DurableQueue.open(dir, { cacheBytes: 0, maxRunReadings: 1000 });
    for (let i = 0; i < 10; i++) queue.appendLines(lines(i * 10, 10));
    await queue.sync();
    expect(queue.trackedEntries).toBe(1);
    // Flip a byte in the 4th frame on disk, behind the queue's back.
    const [seg] = await segments(dir);
    const data = await readFile(join(dir, seg!));
    const frameSize = data.length / 10;
    const fh = await open(join(dir, seg!), 'r+');
    await fh.write(Buffer.from([data[3 * frameSize + FRAME_HEADER_BYTES + 5]! ^ 0x04]), 0, 1, 3 * frameSize + FRAME_HEADER_BYTES + 5);
    await fh.close();
    const a = await queue.read(queue.ackedSeq, 1000);
    const b = await queue.read(queue.ackedSeq, 1000); // a failed post reads it again
    expect(a.count).toBe(90);
    expect(b.payload.toString().split('\n')).toEqual([...lines(0, 30), ...lines(40, 60)]);
    expect(queue.drops.damaged).toBe(10);
    expect(await queue.ack(b)).toBe(90);
    expect(queue.depth).toBe(0);
    expect(queue.acknowledged + queue.drops.damaged).toBe(100);
    await queue.close();
  });
});
