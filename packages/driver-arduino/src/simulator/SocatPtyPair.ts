import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';

/** Options of {@link SocatPtyPair}. */
export interface SocatPtyPairOptions {
  /** Folder for the two links; the links are `<dir>/host` and `<dir>/device`. */
  dir: string;
  /** socat binary; default `socat` on the PATH. */
  socat?: string;
}

/**
 * Two connected pseudo-terminals made by `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`:
 * the driver opens {@link SocatPtyPair.hostPath} like a USB serial port, a simulator opens
 * {@link SocatPtyPair.devicePath}. Stopping socat makes both ports disappear (like
 * unplugging USB); starting it again brings them back at the same paths.
 *
 * @example
 * const pair = new SocatPtyPair({ dir: tmp });
 * await pair.start();
 * const sim = new SerialAdcSimulator({ path: pair.devicePath });
 * const adc = new SerialAdc({ path: pair.hostPath });
 */
export class SocatPtyPair {
  readonly hostPath: string;
  readonly devicePath: string;
  private child: ChildProcess | undefined;

  constructor(private readonly options: SocatPtyPairOptions) {
    this.hostPath = join(options.dir, 'host');
    this.devicePath = join(options.dir, 'device');
  }

  /** Starts socat and waits until both links exist. */
  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      this.options.socat ?? 'socat',
      [`pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.devicePath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    let failed: Error | undefined;
    child.once('error', (e) => {
      failed = e;
    });
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    for (let i = 0; i < 200; i++) {
      if (failed) throw failed;
      if ((await exists(this.hostPath)) && (await exists(this.devicePath))) return;
      await sleep(10);
    }
    await this.stop();
    throw new Error(`socat did not create ${this.hostPath} and ${this.devicePath}`);
  }

  /** Kills socat (both ports disappear) and waits until it exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    // socat removes its links on SIGTERM; wait for that so a restart does not race it.
    for (let i = 0; i < 100 && ((await exists(this.hostPath)) || (await exists(this.devicePath))); i++) {
      await sleep(10);
    }
  }

  /** Kills socat at once without waiting (for a `process.on('exit')` handler). */
  stopNow(): void {
    this.child?.kill('SIGTERM');
    this.child = undefined;
  }

  /** Whether socat is running. */
  get running(): boolean {
    return this.child !== undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
