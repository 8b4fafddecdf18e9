import { spawn, type ChildProcess } from 'node:child_process';

/** A server child process whose output is kept for error messages. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly command: string,
    private readonly args: string[],
  ) {}

  start(): void {
    this.output = '';
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => this.keep(d));
    child.stderr?.on('data', (d: Buffer) => this.keep(d));
    child.on('error', (e) => this.keep(Buffer.from(String(e))));
    this.child = child;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last few kilobytes of the server's output. */
  get log(): string {
    return this.output;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(signal);
    });
  }

  private keep(d: Buffer): void {
    this.output = (this.output + d.toString()).slice(-8000);
  }
}
