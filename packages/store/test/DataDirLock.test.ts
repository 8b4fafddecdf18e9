import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLock } from '../src/DataDirLock.js';
import { DataDirLockedError } from '../src/errors/DataDirLockedError.js';

/** A real second process that writes a lock file naming itself, then waits (killed by the test). */
function holder(dir: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const script = `
    const { readFileSync, writeFileSync } = require('node:fs');
    const stat = readFileSync('/proc/' + process.pid + '/stat', 'utf8');
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(${JSON.stringify(join(dir, 'lock'))}, JSON.stringify({ pid: process.pid, startTicks, since: new Date().toISOString() }));
    console.log('locked');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', () =>
      resolve({
        pid: child.pid!,
        kill: () =>
          new Promise<void>((r) => {
            child.once('exit', () => r());
            child.kill('SIGKILL');
          }),
      }),
    );
  });
}

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a second holder is refused with an error naming the PID; after kill -9 the stale lock is taken over', async () => {
    const other = await holder(dir);
    const error = await DataDirLock.acquire(dir).catch((e: unknown) => e);
    expect(DataDirLockedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`in use by process ${other.pid}`);
    expect((error as Error).message).toContain(dir);
    await other.kill();
    const lock = await DataDirLock.acquire(dir);
    expect(JSON.parse(await readFile(join(dir, 'lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    await expect(readFile(join(dir, 'lock'))).rejects.toThrow(/ENOENT/);
  });

  it('a lock naming a live PID that is another process (reused PID: other start time) is stale', async () => {
    // PID 1 is alive, but its start time is not the recorded one.
    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: 1, startTicks: '999999999', since: '2026-01-01T00:00:00.000Z' }));
    const lock = await DataDirLock.acquire(dir);
    expect(JSON.parse(await readFile(join(dir, 'lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('the same process taking the lock again (a store opened twice in one script) is not refused', async () => {
    const a = await DataDirLock.acquire(dir);
    const b = await DataDirLock.acquire(dir);
    await b.release();
    await a.release();
  });
});
