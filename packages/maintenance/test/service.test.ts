import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNER_CLI, runRunner } from '@expmon/test-servers';
import { parseEnvironmentFile } from '../src/service/environmentFile.js';

/**
 * `expmon-runner service install` into a temporary root, checked with the real systemd tools
 * (`systemd-analyze verify`, `systemd-analyze security --offline`, `systemctl --root enable`).
 * Nothing is written outside the temporary folder.
 */

const SECRETS = {
  INFLUX_TOKEN: 'tok-"quoted" $HOME `id` \\ back#slash 50%',
  INFLUX_PASSWORD: "it's a secret; with spaces",
};

/** A config that needs no package: a plain object with one polled source. */
const CONFIG = `export default {
  interval: '5s',
  shutdownTimeout: '20s',
  sources: [
    { kind: 'polled', name: 'lab_temp', device: 'sim', read: async () => [{ measurement: 'lab_temp', fields: { value: 21.5 }, tags: { unit: 'C' }, time: Date.now() }] },
  ],
};
`;

/** Splits an `ExecStart=` line as systemd does (double quotes, C escapes, %% and $$). */
function execArgs(line: string): string[] {
  const args: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    const word = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
    args.push(word.replace(/%%/g, '%').replace(/\$\$/g, '$'));
  }
  return args;
}

function analyzeVerify(unitPath: string): { code: number | null; stderr: string } {
  const r = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

describe('expmon-runner service', () => {
  let dir: string;
  let labDir: string;
  let config: string;
  let envInput: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-service-'));
    // Blanks and % in the path: systemd must not split or expand it.
    labDir = join(dir, 'my lab 100%');
    mkdirSync(labDir);
    config = join(labDir, 'lab.config.ts');
    writeFileSync(config, CONFIG);
    envInput = join(dir, 'influx.env');
    writeFileSync(
      envInput,
      [
        '# InfluxDB of the lab',
        'INFLUX_URL=http://127.0.0.1:8086',
        'INFLUX_DATABASE=lab',
        `export INFLUX_TOKEN='${SECRETS.INFLUX_TOKEN}'`,
        `INFLUX_PASSWORD="${SECRETS.INFLUX_PASSWORD}"`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('install --root writes a unit that systemd-analyze verifies, an env file of mode 0600, and enables it', async () => {
    const root = join(dir, 'root');
    // The node binary under a path with a blank and a %: verify fails unless ExecStart quotes it.
    const nodeDir = join(dir, 'node 100%');
    mkdirSync(nodeDir);
    symlinkSync(process.execPath, join(nodeDir, 'node'));
    const res = await runRunner(
      ['service', 'install', config, '--root', root, '--user', 'expmon', '--groups', 'dialout,plugdev', '--env-file', envInput, '--env', 'EXPMON_EXTRA_SECRET', '--node', join(nodeDir, 'node')],
      { env: { EXPMON_EXTRA_SECRET: 'extra-s3cret-value' } },
    );
    expect(res.code, res.stderr).toBe(0);
    const output = res.stdout + res.stderr;
    for (const secret of [...Object.values(SECRETS), 'extra-s3cret-value']) expect(output).not.toContain(secret);
    expect(res.stdout).toContain('INFLUX_URL, INFLUX_DATABASE, INFLUX_TOKEN, INFLUX_PASSWORD, EXPMON_EXTRA_SECRET');

    const unitPath = join(root, 'etc/systemd/system/expmon.service');
    const unit = readFileSync(unitPath, 'utf8');
    for (const secret of [...Object.values(SECRETS), 'extra-s3cret-value']) expect(unit).not.toContain(secret);
    expect(unit).toContain('Restart=always');
    expect(unit).toContain('User=expmon');
    expect(unit).toContain('SupplementaryGroups=dialout plugdev');
    expect(unit).toContain('EnvironmentFile=/etc/expmon/expmon.env');
    expect(unit).toContain('StandardOutput=journal');
    expect(unit).toContain('NoNewPrivileges=yes');
    expect(unit).toContain('ProtectSystem=strict');
    expect(unit).toContain('StateDirectory=expmon');
    expect(unit).toContain(`WorkingDirectory=${labDir.replace('%', '%%')}`);
    // shutdownTimeout 20 s + 15 s to spare.
    expect(unit).toContain('TimeoutStopSec=35s');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)![1]!;
    expect(execStart).toBe(`"${nodeDir.replace('%', '%%')}/node" ${RUNNER_CLI} run "${config.replace('%', '%%')}" --data-dir /var/lib/expmon`);
    expect(execStart).toMatch(/ \/\S+\/runner\/dist\/cli\.js run /);

    const verify = analyzeVerify(unitPath);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);

    const envPath = join(root, 'etc/expmon/expmon.env');
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const env = parseEnvironmentFile(readFileSync(envPath, 'utf8'));
    expect(Object.fromEntries(env)).toEqual({
      INFLUX_URL: 'http://127.0.0.1:8086',
      INFLUX_DATABASE: 'lab',
      ...SECRETS,
      EXPMON_EXTRA_SECRET: 'extra-s3cret-value',
    });

    const wants = join(root, 'etc/systemd/system/multi-user.target.wants/expmon.service');
    expect(lstatSync(wants).isSymbolicLink()).toBe(true);
    expect(readlinkSync(wants)).toBe('/etc/systemd/system/expmon.service');
  });

  it('the ExecStart command line runs the config from the WorkingDirectory with the env file', async () => {
    const unit = readFileSync(join(dir, 'root/etc/systemd/system/expmon.service'), 'utf8');
    const [node, ...args] = execArgs(/^ExecStart=(.*)$/m.exec(unit)![1]!);
    const cwd = /^WorkingDirectory=(.*)$/m.exec(unit)![1]!.replace(/%%/g, '%');
    expect(cwd).toBe(labDir);
    const env = Object.fromEntries(parseEnvironmentFile(readFileSync(join(dir, 'root/etc/expmon/expmon.env'), 'utf8')));
    // --dry-run: the data folder (/var/lib/expmon) is not touched; --cycles 1: it ends.
    const r = spawnSync(node!, [...args, '--cycles', '1', '--dry-run'], { cwd, env: { ...env, PATH: process.env.PATH }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^lab_temp,unit=C value=21\.5 \d{13}$/m);
  });

  it('the env file reads back the same in a POSIX shell (systemd uses the same quoting)', async () => {
    const envPath = join(dir, 'root/etc/expmon/expmon.env');
    const out = execFileSync('sh', ['-c', `set -a; . "$1"; printf '%s\\n%s\\n' "$INFLUX_TOKEN" "$INFLUX_PASSWORD"`, 'sh', envPath], {
      encoding: 'utf8',
    });
    expect(out).toBe(`${SECRETS.INFLUX_TOKEN}\n${SECRETS.INFLUX_PASSWORD}\n`);
  });

  it('the unit passes systemd-analyze security with an exposure level below 5 (OK)', () => {
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', join(dir, 'root/etc/systemd/system/expmon.service')], { encoding: 'utf8' });
    const m = /Overall exposure level for expmon\.service: ([\d.]+)/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(5);
  });

  it('reinstalling without env input keeps the env file (and its secrets)', async () => {
    const root = join(dir, 'root');
    const envPath = join(root, 'etc/expmon/expmon.env');
    const before = readFileSync(envPath, 'utf8');
    const res = await runRunner(['service', 'install', config, '--root', root, '--user', 'expmon', '--data-dir', '/srv/expmon data']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('kept');
    expect(readFileSync(envPath, 'utf8')).toBe(before);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const unitPath = join(root, 'etc/systemd/system/expmon.service');
    const unit = readFileSync(unitPath, 'utf8');
    // Outside /var/lib the data folder is named writable instead of a StateDirectory.
    expect(unit).toContain('ReadWritePaths="/srv/expmon data"');
    expect(unit).not.toContain('StateDirectory=');
    expect(unit).toMatch(/--data-dir "\/srv\/expmon data"$/m);
    expect(analyzeVerify(unitPath)).toEqual({ code: 0, stderr: '' });
  });

  it('--dry-run prints the unit and the variable names, never the values, and writes nothing', async () => {
    const root = join(dir, 'dry');
    const res = await runRunner(['service', 'install', config, '--dry-run', '--root', root, '--name', 'lab-b', '--env-file', envInput]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('# /etc/systemd/system/lab-b.service');
    expect(res.stdout).toContain('SyslogIdentifier=lab-b');
    expect(res.stdout).toContain('EnvironmentFile=/etc/expmon/lab-b.env');
    expect(res.stdout).toContain('INFLUX_TOKEN=<hidden>');
    for (const secret of Object.values(SECRETS)) expect(res.stdout + res.stderr).not.toContain(secret);
    expect(existsSync(root)).toBe(false);
  });

  it('a bad env file line is named without its value; nothing is written', async () => {
    const bad = join(dir, 'bad.env');
    writeFileSync(bad, 'INFLUX_URL=http://x\nnot a line with hunter2-value\n');
    const root = join(dir, 'bad-root');
    const res = await runRunner(['service', 'install', config, '--root', root, '--env-file', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('bad.env, line 2: expected NAME=VALUE');
    expect(res.stderr).not.toContain('hunter2-value');
    expect(existsSync(root)).toBe(false);
  });

  it('bad names and a bad config fail before anything is written', async () => {
    const root = join(dir, 'bad-root');
    const badName = await runRunner(['service', 'install', config, '--root', root, '--name', 'lab/../../x']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('--name lab/../../x');
    const badUser = await runRunner(['service', 'install', config, '--root', root, '--user', 'ex;mon']);
    expect(badUser.code).toBe(1);
    expect(badUser.stderr).toContain('--user ex;mon: not a user or group name');
    const missing = await runRunner(['service', 'install', join(dir, 'nope.config.ts'), '--root', root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.config.ts: config file not found');
    expect(existsSync(root)).toBe(false);
  });

  it('install --backup daily adds a backup service and a Persistent timer that systemd-analyze verifies, enabled under timers.target', async () => {
    const root = join(dir, 'backup-root');
    const res = await runRunner(['service', 'install', config, '--root', root, '--backup', 'daily', '--backup-to', '/mnt/nas/expmon backups', '--backup-keep', '3', '--backup-rpc-address', '127.0.0.1:8088']);
    expect(res.code, res.stderr).toBe(0);
    const servicePath = join(root, 'etc/systemd/system/expmon-backup.service');
    const timerPath = join(root, 'etc/systemd/system/expmon-backup.timer');
    const service = readFileSync(servicePath, 'utf8');
    const timer = readFileSync(timerPath, 'utf8');
    expect(timer).toContain('OnCalendar=*-*-* 04:00:00');
    expect(timer).toContain('Persistent=true');
    expect(timer).toContain('Unit=expmon-backup.service');
    expect(service).toContain('Type=oneshot');
    expect(service).toContain('EnvironmentFile=/etc/expmon/expmon.env');
    expect(service).toContain('ReadWritePaths="/mnt/nas/expmon backups"');
    // The same sandbox as the runner's unit (one list), without the runner's AF_NETLINK.
    const runnerUnit = readFileSync(join(root, 'etc/systemd/system/expmon.service'), 'utf8');
    const sandbox = (unit: string) => unit.split('\n').filter((l) => /^(Protect|Restrict|NoNewPrivileges|PrivateTmp|LockPersonality|SystemCallArchitectures|CapabilityBoundingSet)/.test(l));
    expect(sandbox(service)).toEqual(sandbox(runnerUnit).map((l) => l.replace(' AF_NETLINK', '')));
    expect(sandbox(service)).toContain('RestrictNamespaces=yes');
    const [, ...args] = execArgs(/^ExecStart=(.*)$/m.exec(service)![1]!);
    expect(args).toEqual([RUNNER_CLI, 'backup', config, '--to', '/mnt/nas/expmon backups', '--keep', '3', '--verify', '--rpc-address', '127.0.0.1:8088']);
    // Verified together with the service it starts.
    expect(analyzeVerify(timerPath)).toEqual({ code: 0, stderr: '' });
    expect(analyzeVerify(servicePath)).toEqual({ code: 0, stderr: '' });
    const wants = join(root, 'etc/systemd/system/timers.target.wants/expmon-backup.timer');
    expect(readlinkSync(wants)).toBe('/etc/systemd/system/expmon-backup.timer');

    const bad = await runRunner(['service', 'install', config, '--root', join(dir, 'bad-backup'), '--backup', 'daily; rm -rf /']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--backup daily; rm -rf /: use daily, hourly, weekly or a systemd OnCalendar expression');
    expect(existsSync(join(dir, 'bad-backup'))).toBe(false);

    const gone = await runRunner(['service', 'uninstall', '--root', root]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(existsSync(timerPath)).toBe(false);
    expect(existsSync(servicePath)).toBe(false);
    expect(existsSync(wants)).toBe(false);
  });

  it('uninstall --root disables and removes the unit and the env file', async () => {
    const root = join(dir, 'root');
    const res = await runRunner(['service', 'uninstall', '--root', root]);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(join(root, 'etc/systemd/system/expmon.service'))).toBe(false);
    expect(existsSync(join(root, 'etc/systemd/system/multi-user.target.wants/expmon.service'))).toBe(false);
    expect(existsSync(join(root, 'etc/expmon/expmon.env'))).toBe(false);
    const again = await runRunner(['service', 'uninstall', '--root', root]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('nothing to uninstall');
  });

  it('status and logs run systemctl and journalctl with the unit and pass their exit code on', async () => {
    // No systemd runs as PID 1 in this container, so the real tools cannot answer: stand-ins
    // on PATH record their arguments (the only mock here, for a running systemd/journald).
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const log = join(dir, 'calls.log');
    for (const [tool, code] of [['systemctl', 3], ['journalctl', 0]] as const) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\nexit ${code}\n`, { mode: 0o755 });
    }
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const status = await runRunner(['service', 'status', '--name', 'lab-b'], { env });
    expect(status.code).toBe(3); // systemctl status: 3 = not running
    const logs = await runRunner(['service', 'logs', '-n', '20', '--since', '1 hour ago', '-f'], { env });
    expect(logs.code).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n')).toEqual([
      'systemctl status lab-b.service --no-pager',
      'journalctl -u expmon.service -n 20 --no-pager -f --since 1 hour ago',
      '',
    ]);
  });
});
