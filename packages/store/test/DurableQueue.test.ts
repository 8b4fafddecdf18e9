import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '../src/queue/DurableQueue.js';

const lines = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `m,unit=V value=${from + i} ${1_700_000_000_000 + from + i}`);

describe('DurableQueue (real files in a temp folder)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-queue-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns appended lines in order and forgets them only after ack', async () => {
    const { queue } = await DurableQueue.open(dir);
    await queue.append(lines(0, 3));
    await queue.append(lines(3, 2));
    expect(queue.depth).toBe(5);
    const b1 = await queue.peek(3);
    expect(b1.lines).toEqual(lines(0, 3));
    // Peeking again without ack gives the same lines (a failed write is retried as is).
    expect((await queue.peek(3)).lines).toEqual(lines(0, 3));
    await queue.ack(b1.end, 3);
    expect(queue.depth).toBe(2);
    expect((await queue.peek(10)).lines).toEqual(lines(3, 2));
    await queue.close();
  });

  it('survives a restart: unacknowledged lines come back first, in order', async () => {
    const a = await DurableQueue.open(dir);
    await a.queue.append(lines(0, 10));
    const b = await a.queue.peek(4);
    await a.queue.ack(b.end, 4);
    await a.queue.close();
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery).toEqual({ pending: 6, cut: [] });
    await queue.append(lines(10, 2));
    expect((await queue.peek(100)).lines).toEqual(lines(4, 8));
    await queue.close();
  });

  it('keeps lines with multi-byte characters intact across read chunks', async () => {
    const { queue } = await DurableQueue.open(dir);
    const text = Array.from({ length: 3000 }, (_, i) => `température,unité=°C,lieu=salle\\ 1 value=${i} ${i + 1}`);
    await queue.append(text);
    const got: string[] = [];
    for (;;) {
      const b = await queue.peek(700);
      if (b.lines.length === 0) break;
      got.push(...b.lines);
      await queue.ack(b.end, b.lines.length);
    }
    expect(got).toEqual(text);
    await queue.close();
  });

  it('cuts a torn tail and a corrupt record at open, reports it, and keeps what was valid', async () => {
    const a = await DurableQueue.open(dir);
    await a.queue.append(lines(0, 5));
    await a.queue.close();
    const seg = (await readdir(dir)).find((f) => f.endsWith('.log'))!;
    const valid = await readFile(join(dir, seg));
    // A record with a wrong checksum, then a torn one without newline.
    await appendFile(join(dir, seg), '00000000 m value=666 1\n8c5f0a1b m value=7');
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery.pending).toBe(5);
    expect(recovery.cut).toEqual([{ segment: join(dir, seg), offset: valid.length, bytes: expect.any(Number) }]);
    expect((await readFile(join(dir, seg))).length).toBe(valid.length);
    await queue.append(lines(5, 1));
    expect((await queue.peek(100)).lines).toEqual(lines(0, 6));
    await queue.close();
  });

  it('a garbled ack file does not block start-up: everything is shipped again (at least once)', async () => {
    const a = await DurableQueue.open(dir);
    await a.queue.append(lines(0, 3));
    await a.queue.close();
    await writeFile(join(dir, 'ack'), 'garbage');
    const { queue, recovery } = await DurableQueue.open(dir);
    expect(recovery.pending).toBe(3);
    expect((await queue.peek(10)).lines).toEqual(lines(0, 3));
    await queue.close();
  });

  it('rotates segments, deletes shipped ones, and when full drops the oldest and says how many', async () => {
    const dropped: number[] = [];
    const { queue } = await DurableQueue.open(dir, {
      maxBytes: 64 * 1024,
      segmentBytes: 16 * 1024,
      onOverflow: (n) => dropped.push(n),
    });
    for (let i = 0; i < 40; i++) await queue.append(lines(i * 50, 50));
    expect(queue.bytes).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
    expect(dropped.length).toBeGreaterThan(0);
    const lost = dropped.reduce((a, b) => a + b, 0);
    expect(queue.depth).toBe(2000 - lost);
    // What is left is the newest readings, still in order.
    const all: string[] = [];
    for (;;) {
      const b = await queue.peek(500);
      if (b.lines.length === 0) break;
      all.push(...b.lines);
      await queue.ack(b.end, b.lines.length);
    }
    expect(all).toEqual(lines(lost, 2000 - lost));
    expect(queue.depth).toBe(0);
    // Fully shipped segments are gone (only the one being written remains).
    expect((await readdir(dir)).filter((f) => f.endsWith('.log'))).toHaveLength(1);
    await queue.close();
  });

  it('appends that arrive together share one fsync (group commit) and all resolve', async () => {
    const { queue } = await DurableQueue.open(dir);
    await Promise.all(Array.from({ length: 100 }, (_, i) => queue.append(lines(i, 1))));
    expect(queue.depth).toBe(100);
    const got = (await queue.peek(1000)).lines;
    expect(got).toHaveLength(100);
    expect(new Set(got).size).toBe(100);
    await queue.close();
  });

  it('gives the same lines and positions from memory (a shipper keeping up) as from disk, in any interleaving', async () => {
    const { queue } = await DurableQueue.open(dir, { segmentBytes: 64 * 1024 });
    const model: string[] = [];
    let next = 0;
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 300; step++) {
      const op = rand(3);
      if (op < 2) {
        const n = 1 + rand(200);
        const batch = lines(next, n).map((l, i) => (i % 7 === 0 ? `${l.replace('m,', 'mé,')}` : l));
        next += n;
        model.push(...batch);
        await queue.append(batch);
      } else {
        const b = await queue.peek(1 + rand(500));
        expect(b.lines).toEqual(model.slice(0, b.lines.length));
        // (The ack positions that came from memory are checked against the files by the reopen below.)
        model.splice(0, b.lines.length);
        await queue.ack(b.end, b.lines.length);
      }
      expect(queue.depth).toBe(model.length);
    }
    await queue.close();
    const reopened = await DurableQueue.open(dir, { segmentBytes: 64 * 1024 });
    expect(reopened.recovery.pending).toBe(model.length);
    expect((await reopened.queue.peek(1_000_000)).lines).toEqual(model);
    await reopened.queue.close();
  });

  it('a backlog larger than the in-memory copy is read from disk, then memory takes over again', async () => {
    const { queue } = await DurableQueue.open(dir);
    // The database is down: 120 000 readings pile up (more than the in-memory limit).
    for (let i = 0; i < 12; i++) await queue.append(lines(i * 10_000, 10_000));
    let expected = 0;
    const check = async (): Promise<void> => {
      for (;;) {
        const b = await queue.peek(7000);
        if (b.lines.length === 0) return;
        expect(b.lines[0]).toBe(lines(expected, 1)[0]);
        expect(b.lines.at(-1)).toBe(lines(expected + b.lines.length - 1, 1)[0]);
        expected += b.lines.length;
        await queue.ack(b.end, b.lines.length);
      }
    };
    await check();
    expect(expected).toBe(120_000);
    await queue.append(lines(120_000, 5));
    await check();
    expect(expected).toBe(120_005);
    await queue.close();
    const { recovery } = await DurableQueue.open(dir);
    expect(recovery.pending).toBe(0);
  });
});
