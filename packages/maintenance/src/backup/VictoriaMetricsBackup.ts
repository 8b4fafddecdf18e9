import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTool } from '../process/runTool.js';
import { ThrowAwayServer } from '../process/ThrowAwayServer.js';
import { countVictoriaMetrics } from './countVictoriaMetrics.js';
import { settledCounts } from './settledCounts.js';
import type { EngineBackup } from './EngineBackup.js';

/** Options of {@link VictoriaMetricsBackup}. */
export interface VictoriaMetricsBackupOptions {
  url: string;
  /**
   * The server's `-storageDataPath` (vmbackup reads the snapshot's files from there, so it
   * runs on the server's machine); Debian's package uses `/var/lib/victoria-metrics`.
   */
  storageDataPath: string;
}

/**
 * VictoriaMetrics: `vmbackup` from a snapshot it asks the server for
 * (`-snapshot.createURL`, deleted afterwards) into `fs://DIR`; verified with `vmrestore` into
 * a temp folder served by a throw-away `victoria-metrics` on a free loopback port. Points are
 * counted as samples per metric name (`/api/v1/export`).
 *
 * @example
 * const b = new VictoriaMetricsBackup({ url: 'http://127.0.0.1:8428', storageDataPath: '/var/lib/victoria-metrics' });
 * await b.backup('/srv/backup/2026-11-30T040000Z/data');
 */
export class VictoriaMetricsBackup implements EngineBackup {
  readonly engine = 'victoria-metrics' as const;
  readonly name = 'victoria-metrics';
  readonly description: string;

  constructor(private readonly o: VictoriaMetricsBackupOptions) {
    this.description = `VictoriaMetrics ${o.url}`;
  }

  /**
   * Samples just written become visible a moment later (VictoriaMetrics buffers ingestion
   * for about a second, beyond what `force_flush` reaches): counts until two counts
   * 1.5 s apart agree (at most 6 tries).
   */
  async count(until: Date): Promise<Record<string, number>> {
    let last = await countVictoriaMetrics(this.o.url, until);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      const next = await countVictoriaMetrics(this.o.url, until);
      if (JSON.stringify(Object.entries(next).sort()) === JSON.stringify(Object.entries(last).sort())) return next;
      last = next;
    }
    return last;
  }

  /** The `vmbackup` arguments for a folder. */
  backupArgs(dir: string): string[] {
    const base = this.o.url.replace(/\/+$/, '');
    return [
      `-storageDataPath=${resolve(this.o.storageDataPath)}`,
      `-snapshot.createURL=${base}/snapshot/create`,
      `-snapshot.deleteURL=${base}/snapshot/delete`,
      `-dst=fs://${resolve(dir)}`,
      '-loggerLevel=ERROR',
    ];
  }

  async backup(dir: string): Promise<string> {
    const args = this.backupArgs(dir);
    await runTool('vmbackup', args, { device: this.description });
    return ['vmbackup', ...args].join(' ');
  }

  async restoreAndCount(dir: string, until: Date, expected: Record<string, number>): Promise<Record<string, number>> {
    const data = await mkdtemp(join(tmpdir(), 'expmon-verify-vm-'));
    try {
      await runTool('vmrestore', [`-src=fs://${resolve(dir)}`, `-storageDataPath=${data}`, '-loggerLevel=ERROR'], { device: 'throw-away victoria-metrics' });
      const server = await ThrowAwayServer.victoriaMetrics(data);
      try {
        return await settledCounts(() => countVictoriaMetrics(server.url, until), expected);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }
}
