import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Lines a database refused (e.g. a field type conflict), kept with the reason so that
 * nothing is silently lost and the queue never stalls on them. Format: a comment line
 * `# <ISO time> <reason>` then the line itself, so the file can be fixed and imported.
 */
export class DeadLetterFile {
  constructor(readonly path: string) {}

  async add(lines: readonly string[], reason: string): Promise<void> {
    if (lines.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true });
    const why = reason.replace(/\s+/g, ' ').slice(0, 500);
    const now = new Date().toISOString();
    await appendFile(this.path, lines.map((l) => `# ${now} ${why}\n${l}\n`).join(''));
  }
}
