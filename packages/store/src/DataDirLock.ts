import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirLockedError } from './errors/DataDirLockedError.js';

/** What the lock file holds. */
interface LockContent {
  pid: number;
  /** The holder's start time as the kernel counts it (`/proc/<pid>/stat` field 22), to tell a reused PID. */
  startTicks: string;
  since: string;
}

/**
 * An exclusive lock on a data dir: the `lock` file holds the holder's PID and start time.
 * A second process on the same dir gets a {@link DataDirLockedError} naming the PID; a
 * lock whose PID is gone, or now belongs to another process (the PID was reused after a
 * `kill -9` and a reboot), is stale and taken over.
 *
 * @example
 * const lock = await DataDirLock.acquire('./expmon-data');
 * try { ... } finally { await lock.release(); }
 */
export class DataDirLock {
  private released = false;
  private constructor(readonly path: string) {}

  static async acquire(dir: string): Promise<DataDirLock> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'lock');
    const mine: LockContent = { pid: process.pid, startTicks: startTicksOf(process.pid) ?? '', since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fh = await open(path, 'wx');
        try {
          await fh.writeFile(`${JSON.stringify(mine)}\n`);
          await fh.sync();
        } finally {
          await fh.close();
        }
        const lock = new DataDirLock(path);
        const release = (): void => lock.releaseSync();
        process.once('exit', release);
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = await readLock(path);
      if (held && held.pid !== process.pid && isAlive(held)) throw new DataDirLockedError(dir, held.pid, held.since);
      // Stale (dead holder, reused PID, unreadable content): take it over.
      await unlink(path).catch(() => {});
    }
    const held = await readLock(path);
    throw new DataDirLockedError(dir, held?.pid ?? 0, held?.since ?? 'unknown');
  }

  /** Removes the lock file (only if it is still ours). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const held = await readLock(this.path);
    if (held?.pid === process.pid) await unlink(this.path).catch(() => {});
  }

  private releaseSync(): void {
    if (this.released) return;
    this.released = true;
    try {
      const held = JSON.parse(readFileSync(this.path, 'utf8')) as LockContent;
      if (held.pid === process.pid) unlinkSync(this.path);
    } catch {
      /* gone already */
    }
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const c = JSON.parse(await readFile(path, 'utf8')) as LockContent;
    return Number.isInteger(c.pid) && c.pid > 0 ? c : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(held: LockContent): boolean {
  try {
    process.kill(held.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTicksOf(held.pid);
  // No /proc (not Linux): trust the PID.
  return now === undefined || held.startTicks === '' || now === held.startTicks;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or undefined. */
function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
