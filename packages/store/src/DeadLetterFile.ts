import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Lines a database refused (e.g. a field type conflict), kept with the reason so that
 * nothing is silently lost and the queue never stalls on them. Format: a comment line
 * `# <ISO time> <reason>` then the line itself, so the file can be fixed and imported.
 *
 * @example
 * await new DeadLetterFile('./expmon-data/dead-letter/influx-v1-5c1e0b7d2a9f.lp').add(['m value="x" 1'], 'HTTP 400: field type conflict');
 */
export class DeadLetterFile {
  constructor(readonly path: string) {}

  async add(lines: readonly string[], reason: string): Promise<void> {
    await this.addEach(lines.map((line) => ({ line, reason })));
  }

  /** Appends lines each with its own reason, in one write (a failed write is not half repeated by a retry of a later line). */
  async addEach(refused: ReadonlyArray<{ line: string; reason: string }>): Promise<void> {
    if (refused.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true });
    const now = new Date().toISOString();
    await appendFile(this.path, refused.map((r) => `# ${now} ${r.reason.replace(/\s+/g, ' ').slice(0, 500)}\n${r.line}\n`).join(''));
  }
}
