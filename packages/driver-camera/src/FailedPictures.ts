import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Keeps the original and the processed picture of failed reads in a folder, the newest
 * `keep` pairs only, so that a user can see why a display was not read.
 * Files: `<time>-original.<ext>` and `<time>-processed.png`.
 *
 * @example
 * const kept = new FailedPictures('expmon-data/camera/zeeman2_vac', 20);
 * const paths = await kept.keep(jpeg, processedPng);
 */
export class FailedPictures {
  private writing: Promise<unknown> = Promise.resolve();
  private sequence = 0;
  constructor(
    readonly dir: string,
    readonly count: number,
  ) {}

  /** Writes one pair and removes the oldest beyond `count`; resolves with the paths (none when `count` is 0 or writing failed). */
  keep(original: Buffer, processed: Buffer | undefined): Promise<string[]> {
    if (this.count <= 0) return Promise.resolve([]);
    const result = this.writing.then(() => this.write(original, processed)).catch(() => [] as string[]);
    this.writing = result;
    return result;
  }

  private async write(original: Buffer, processed: Buffer | undefined): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(this.sequence++ % 1000).padStart(3, '0')}`;
    const paths = [join(this.dir, `${stamp}-original.${extensionOf(original)}`)];
    await writeFile(paths[0]!, original);
    if (processed) {
      paths.push(join(this.dir, `${stamp}-processed.png`));
      await writeFile(paths[1]!, processed);
    }
    const stamps = [...new Set((await readdir(this.dir)).filter((n) => /-(original|processed)\./.test(n)).map((n) => n.replace(/-(original|processed)\..*$/, '')))].sort();
    const old = stamps.slice(0, Math.max(0, stamps.length - this.count));
    const names = await readdir(this.dir);
    await Promise.all(names.filter((n) => old.some((s) => n.startsWith(`${s}-`))).map((n) => rm(join(this.dir, n), { force: true })));
    return paths;
  }
}

function extensionOf(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') return 'webp';
  return 'bin';
}
