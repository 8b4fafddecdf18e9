import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderEnvironmentFile } from './environmentFile.js';
import type { ServicePlan } from './planService.js';
import { runSystemTool } from './runSystemTool.js';

/** How {@link installService} applies a plan. */
export interface InstallServiceOptions {
  /** Write under this folder instead of `/` (tests, packaging); systemctl then runs with `--root`. */
  root?: string;
  /** Enable the unit (start at boot); default true. */
  enable?: boolean;
  /** Start (or restart) it now; default true. Ignored with `root`. */
  start?: boolean;
  /** Progress lines (never a secret). */
  say?: (line: string) => void;
}

/**
 * Writes the unit and the environment file of a {@link ServicePlan}, creates the data folder
 * (unless systemd does, for `/var/lib/...`) and the backup timer and service when planned,
 * then runs `systemctl daemon-reload` and `systemctl enable --now`. The environment file is written with mode 0600 from the start
 * (never readable by others, not even for a moment), and replaced atomically.
 *
 * @example
 * await installService(plan, { root: '/tmp/pkgroot', say: console.log });
 */
export async function installService(plan: ServicePlan, options: InstallServiceOptions = {}): Promise<void> {
  const root = options.root;
  const say = options.say ?? (() => {});
  const at = (p: string): string => (root ? join(root, p) : p);
  if (!root && typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('writing /etc/systemd/system needs root: run it with sudo (or try --dry-run, or --root DIR)');
  }

  // Fail before writing anything when the user is missing.
  const uid = root ? undefined : userId(plan.user);

  await writeAtomically(at(plan.unitPath), plan.unit, 0o644);
  say(`wrote ${at(plan.unitPath)}`);

  const envPath = at(plan.environmentPath);
  await mkdir(dirname(envPath), { recursive: true, mode: 0o755 });
  if (plan.environment !== undefined) {
    await writeAtomically(envPath, renderEnvironmentFile(plan.environment), 0o600);
    const names = [...plan.environment.keys()];
    say(`wrote ${envPath} (mode 0600${names.length ? `; ${names.join(', ')}` : '; no variables'})`);
  } else if (existsSync(envPath)) {
    await chmod(envPath, 0o600);
    say(`kept ${envPath} (mode 0600)`);
  } else {
    await writeAtomically(envPath, renderEnvironmentFile(new Map()), 0o600);
    say(`wrote ${envPath} (mode 0600; empty: add INFLUX_* settings and secrets there)`);
  }

  if (!plan.stateDirectory && uid !== undefined) {
    await mkdir(plan.dataDir, { recursive: true, mode: 0o750 });
    await chown(plan.dataDir, uid, groupId(plan.group, plan.user));
    say(`data folder ${plan.dataDir} owned by ${plan.user}`);
  }

  if (plan.backup) {
    await writeAtomically(at(plan.backup.servicePath), plan.backup.service, 0o644);
    say(`wrote ${at(plan.backup.servicePath)}`);
    await writeAtomically(at(plan.backup.timerPath), plan.backup.timer, 0o644);
    say(`wrote ${at(plan.backup.timerPath)}`);
  }

  if (options.enable === false) return;
  const unit = `${plan.name}.service`;
  const timer = `${plan.name}-backup.timer`;
  if (root) {
    for (const u of plan.backup ? [unit, timer] : [unit]) {
      const r = await runSystemTool('systemctl', [`--root=${root}`, 'enable', u], { capture: true });
      if (r.code !== 0) throw new Error(`systemctl --root=${root} enable ${u} failed: ${r.stderr.trim()}`);
      say(`enabled ${u} under ${root}`);
    }
    return;
  }
  await systemctl(['daemon-reload']);
  await systemctl(['enable', unit]);
  if (plan.backup) {
    await systemctl(['enable', '--now', timer]);
    say(`enabled ${timer}: see 'systemctl list-timers ${timer}'`);
  }
  if (options.start !== false) {
    await systemctl(['restart', unit]);
    say(`started ${unit}: see 'expmon-runner service status' and 'expmon-runner service logs -f'`);
  } else {
    say(`enabled ${unit}; start it with: systemctl start ${unit}`);
  }
}

async function systemctl(args: string[]): Promise<void> {
  const r = await runSystemTool('systemctl', args, { capture: true });
  if (r.code !== 0) throw new Error(`systemctl ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
}

/** Numeric id of a user; throws with the command that creates it when it does not exist. */
function userId(user: string): number {
  try {
    return Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    throw new Error(
      `user ${user} does not exist: create it, e.g. useradd --system --home-dir /var/lib/expmon --shell /usr/sbin/nologin ${user}`,
    );
  }
}

/** Numeric id of a group, or of the user's primary group. */
function groupId(group: string | undefined, user: string): number {
  try {
    const out = group
      ? execFileSync('getent', ['group', group], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[2]
      : execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(String(out).trim());
  } catch {
    throw new Error(`group ${group ?? `of ${user}`} does not exist`);
  }
}

/** Writes a file with its final mode from the first byte, then renames it over the old one. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content, { mode, flag: 'w' });
  await chmod(tmp, mode); // the umask may have removed bits; never adds any
  await rename(tmp, path);
}
