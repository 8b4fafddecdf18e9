import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import { checkTcp } from '../process/checkTcp.js';
import { runTool } from '../process/runTool.js';
import { ThrowAwayServer } from '../process/ThrowAwayServer.js';
import { countInfluxV1 } from './countInfluxV1.js';
import { settledCounts } from './settledCounts.js';
import type { EngineBackup } from './EngineBackup.js';

/** Options of {@link InfluxV1Backup}. */
export interface InfluxV1BackupOptions {
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  /**
   * The backup/restore RPC address of the server: influxd's top-level `bind-address`
   * setting (default `127.0.0.1:8088`). Only reachable from the server's machine unless
   * that setting says otherwise.
   */
  rpcAddress?: string;
}

/**
 * InfluxDB 1.x: `influxd backup -portable -host <rpc> -db <database> [-rp <rp>] DIR`; verified
 * with `influxd restore -portable` into a throw-away `influxd` (its own data folder, free loopback
 * ports), whose points are then counted with InfluxQL.
 *
 * @example
 * const b = new InfluxV1Backup({ url: 'http://127.0.0.1:8086', database: 'lab', rpcAddress: '127.0.0.1:8088' });
 * await b.backup('/srv/backup/2026-11-30T040000Z/data');
 */
export class InfluxV1Backup implements EngineBackup {
  readonly engine = 'influxdb1' as const;
  readonly name: string;
  readonly description: string;
  private readonly rpcAddress: string;

  constructor(private readonly o: InfluxV1BackupOptions) {
    this.name = o.database;
    this.rpcAddress = o.rpcAddress ?? '127.0.0.1:8088';
    this.description = `InfluxDB 1.x ${o.url} db=${o.database}${o.retentionPolicy ? ` rp=${o.retentionPolicy}` : ''}`;
  }

  count(until: Date): Promise<Record<string, number>> {
    return countInfluxV1(this.o, until);
  }

  /** The `influxd backup` arguments for a folder. */
  backupArgs(dir: string): string[] {
    return ['backup', '-portable', '-host', this.rpcAddress, '-db', this.o.database, ...(this.o.retentionPolicy ? ['-rp', this.o.retentionPolicy] : []), dir];
  }

  async backup(dir: string): Promise<string> {
    const args = this.backupArgs(dir);
    // influxd backup retries a closed port for ever: check it answers first.
    await checkTcp(this.rpcAddress).catch((e: Error) => {
      throw new DatabaseUnreachableError(
        `${this.description} (backup service ${this.rpcAddress})`,
        `${e.message}; influxd serves backups on its top-level bind-address setting (default 127.0.0.1:8088): pass it with --rpc-address`,
      );
    });
    await runTool('influxd', args, { device: `${this.description} (backup service ${this.rpcAddress})` });
    return ['influxd', ...args].join(' ');
  }

  async restoreAndCount(dir: string, until: Date, expected: Record<string, number>): Promise<Record<string, number>> {
    const server = await ThrowAwayServer.influxd();
    try {
      await runTool('influxd', ['restore', '-portable', '-host', server.rpcAddress!, '-db', this.o.database, ...(this.o.retentionPolicy ? ['-rp', this.o.retentionPolicy] : []), dir], {
        device: `throw-away influxd ${server.url}`,
      });
      // influxd opens restored shards in the background: count until the counts settle.
      return await settledCounts(() => countInfluxV1({ url: server.url, database: this.o.database, retentionPolicy: this.o.retentionPolicy }, until), expected);
    } finally {
      await server.stop();
    }
  }
}

