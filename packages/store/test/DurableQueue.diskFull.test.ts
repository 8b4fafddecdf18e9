import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DurableQueue } from '../src/DurableQueue.js';
import type { StoreLogger } from '../src/FaultLog.js';

const lines = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `m value=${from + i} ${1_700_000_000_000 + from + i}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * ENOSPC injected into node's real FileHandle (the runner-level fault suite uses a real
 * tmpfs when it runs as root; this test runs everywhere and also makes the ack write fail,
 * which a tmpfs can't: the ack is rewritten in place and needs no new block).
 */
describe('DurableQueue on a disk that refuses writes (injected ENOSPC)', () => {
  let dir: string;
  const logged: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const log: StoreLogger = {
    debug() {},
    info: (obj, msg) => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  let full = false;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-full-'));
    logged.length = 0;
    full = false;
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<unknown> };
    await probe.close();
    const real = proto.write;
    vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (full) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 }));
      return real.apply(this, args);
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('append and ack fail: nothing throws, readings wait in memory and can be shipped from there, one log line per fault, exact counts', async () => {
    const { queue } = await DurableQueue.open(dir, { log });
    queue.appendLines(lines(0, 10));
    await queue.sync();
    full = true;
    for (let i = 1; i <= 5; i++) queue.appendLines(lines(i * 10, 10));
    await queue.sync();
    expect(queue.diskFailing).toBe(true);
    expect(queue.depth).toBe(60);
    // The database takes the batches from memory; acks fail to be stored, and are retried.
    const b = await queue.read(queue.ackedSeq, 30);
    expect(b.payload.toString().split('\n')).toEqual(lines(0, 30));
    expect(await queue.ack(b)).toBe(30);
    await sleep(1200); // one retry of the failed append
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors.filter((l) => l.obj.op === 'append')).toHaveLength(1); // once, not once per retry
    expect(errors.filter((l) => l.obj.op === 'ack')).toHaveLength(1);
    expect(errors[0]!.obj.code).toBe('ENOSPC');
    // Space returns: what waits is written (by the next background retry, whenever its
    // timer fires on this machine), and "works again" is said once.
    full = false;
    await expect.poll(() => queue.diskFailing, { timeout: 20_000 }).toBe(false);
    await queue.sync();
    expect(logged.filter((l) => /append works again/.test(l.msg))).toHaveLength(1);
    expect(queue.depth).toBe(30);
    await queue.close();
    const { queue: again, recovery } = await DurableQueue.open(dir);
    expect(recovery.pending).toBe(30);
    expect((await again.read(again.ackedSeq, 100)).payload.toString().split('\n')).toEqual(lines(30, 30));
    await again.close();
  });

  it('beyond the memory bound the oldest readings in memory are lost and counted; at close what is still in memory is counted too', async () => {
    const { queue } = await DurableQueue.open(dir, { log, maxMemoryBytes: 2000 });
    full = true;
    let appended = 0;
    for (let i = 0; i < 20; i++) {
      queue.appendLines(lines(i * 10, 10));
      appended += 10;
    }
    await queue.sync();
    expect(queue.drops.diskFull).toBeGreaterThan(0);
    expect(queue.depth + queue.drops.diskFull).toBe(appended);
    const waiting = queue.depth;
    await queue.close();
    expect(queue.drops.diskFull).toBe(appended);
    expect(queue.depth).toBe(0);
    expect(waiting).toBeGreaterThan(0);
    expect(logged.some((l) => /readings lost to a full disk/.test(l.msg))).toBe(true);
  });
});
