import { runTool } from '../process/runTool.js';
import { countInfluxV2 } from './countInfluxV2.js';
import type { EngineBackup } from './EngineBackup.js';
import { NotSupportedError } from '../errors/NotSupportedError.js';

/** Options of {@link InfluxV2Backup}. */
export interface InfluxV2BackupOptions {
  url: string;
  org: string;
  bucket: string;
  /** An operator or all-access token (`influx backup` needs one); passed in the environment, never on the command line. */
  token?: string;
}

/**
 * InfluxDB 2.x: `influx backup DIR --host URL --org ORG --bucket BUCKET` with the token in
 * `INFLUX_TOKEN` (so it never shows in `ps`). The manifest's counts come from Flux;
 * `--verify` would need a throw-away InfluxDB 2 server, which expmon does not start: it says
 * so (a {@link NotSupportedError}).
 *
 * @example
 * const b = new InfluxV2Backup({ url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'expmon', token });
 * await b.backup('/srv/backup/2026-11-30T040000Z/data');
 */
export class InfluxV2Backup implements EngineBackup {
  readonly engine = 'influxdb2' as const;
  readonly name: string;
  readonly description: string;

  constructor(private readonly o: InfluxV2BackupOptions) {
    this.name = o.bucket;
    this.description = `InfluxDB v2 ${o.url} org=${o.org} bucket=${o.bucket}`;
  }

  count(until: Date): Promise<Record<string, number>> {
    return countInfluxV2(this.o, until);
  }

  /** The `influx` arguments and environment for a folder. */
  backupCommand(dir: string): { args: string[]; env: Record<string, string> } {
    if (!this.o.token) throw new Error(`${this.description}: influx backup needs a token (INFLUX_TOKEN or the sink's token)`);
    return {
      args: ['backup', dir, '--host', this.o.url, '--org', this.o.org, '--bucket', this.o.bucket],
      env: { INFLUX_TOKEN: this.o.token },
    };
  }

  async backup(dir: string): Promise<string> {
    const { args, env } = this.backupCommand(dir);
    await runTool('influx', args, { env, device: this.description, secretArgs: [this.o.token!] });
    return ['influx', ...args].join(' ');
  }

  async restoreAndCount(): Promise<Record<string, number>> {
    throw new NotSupportedError('backup --verify', 'verifying an InfluxDB 2 backup needs a throw-away InfluxDB 2 server, which expmon does not start yet; restore it by hand (docs/guide/backups.md)');
  }
}
