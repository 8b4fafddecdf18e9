import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runSystemTool } from './runSystemTool.js';

/** How {@link uninstallService} works. */
export interface UninstallServiceOptions {
  /** Unit name; default `expmon`. */
  name?: string;
  /** Remove under this folder instead of `/`. */
  root?: string;
  /** Keep the environment file (secrets); default false. */
  keepEnvironment?: boolean;
  say?: (line: string) => void;
}

/**
 * Stops and disables the unit (and its backup timer, if any), removes them and the environment
 * file, and reloads systemd. Backups are kept.
 * The data folder (local log, dead letters) is kept: readings that wait there ship with
 * `expmon-runner flush`.
 *
 * @example
 * await uninstallService({ name: 'expmon', say: console.log });
 */
export async function uninstallService(options: UninstallServiceOptions = {}): Promise<void> {
  const name = options.name ?? 'expmon';
  const root = options.root;
  const say = options.say ?? (() => {});
  const at = (p: string): string => (root ? join(root, p) : p);
  if (!root && typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('removing a systemd unit needs root: run it with sudo (or --root DIR)');
  }
  const unit = `${name}.service`;
  const unitPath = at(`/etc/systemd/system/${unit}`);
  if (!existsSync(unitPath)) throw new Error(`${unitPath} does not exist: nothing to uninstall`);
  const disable = await runSystemTool('systemctl', root ? [`--root=${root}`, 'disable', unit] : ['disable', '--now', unit], { capture: true });
  if (disable.code !== 0) say(`systemctl disable ${unit}: ${disable.stderr.trim()} (going on)`);
  else say(root ? `disabled ${unit} under ${root}` : `stopped and disabled ${unit}`);
  await rm(unitPath, { force: true });
  say(`removed ${unitPath}`);
  const timer = `${name}-backup.timer`;
  if (existsSync(at(`/etc/systemd/system/${timer}`))) {
    const off = await runSystemTool('systemctl', root ? [`--root=${root}`, 'disable', timer] : ['disable', '--now', timer], { capture: true });
    if (off.code !== 0) say(`systemctl disable ${timer}: ${off.stderr.trim()} (going on)`);
    for (const p of [`/etc/systemd/system/${timer}`, `/etc/systemd/system/${name}-backup.service`]) {
      await rm(at(p), { force: true });
      say(`removed ${at(p)}`);
    }
  }
  if (!options.keepEnvironment) {
    const envPath = at(`/etc/expmon/${name}.env`);
    if (existsSync(envPath)) {
      await rm(envPath, { force: true });
      say(`removed ${envPath}`);
    }
  }
  if (!root) await runSystemTool('systemctl', ['daemon-reload'], { capture: true });
  say('the data folder is kept: readings still waiting there ship with `expmon-runner flush CONFIG --data-dir DIR`');
}
