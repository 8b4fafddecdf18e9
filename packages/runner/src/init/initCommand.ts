import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { envTemplate } from './envTemplate.js';
import { starterConfig } from './starterConfig.js';
import { DRIVER_PACKAGES, parseStarterDrivers, STARTER_DRIVERS, type StarterDriver } from './starterDrivers.js';

/**
 * Registers `expmon-runner init [--drivers phidget,arduino,eaton] [--dir DIR] [--force]`:
 * writes a commented starter config (`lab.config.ts`) and a `.env` template that
 * `expmon-runner check` runs as written, against the drivers' simulators.
 *
 * @example
 * registerInitCommand(program);
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented starter config (lab.config.ts) and a .env template that run against simulators as written')
    .option('--drivers <list>', `comma-separated drivers: ${STARTER_DRIVERS.join(', ')}`, (v) => {
      try {
        return parseStarterDrivers(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    })
    .option('--dir <dir>', 'folder to write into (created if missing)', '.')
    .option('--force', 'overwrite existing files')
    .action((flags: { drivers?: StarterDriver[]; dir: string; force?: boolean }) => {
      const drivers = flags.drivers ?? [...STARTER_DRIVERS];
      const dir = resolve(flags.dir);
      const config = join(dir, 'lab.config.ts');
      const env = join(dir, '.env');
      const existing = [config, env].filter((f) => existsSync(f));
      if (existing.length > 0 && !flags.force) {
        process.stderr.write(`expmon-runner: ${existing.join(' and ')} already exist(s); not overwritten (add --force to replace)\n`);
        process.exitCode = 1;
        return;
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(config, starterConfig(drivers));
      writeFileSync(env, envTemplate(drivers), { mode: 0o600 });
      const rel = relative(process.cwd(), config) || config;
      const packages = ['@expmon/runner', '@expmon/core', ...drivers.map((d) => DRIVER_PACKAGES[d])];
      process.stdout.write(
        [
          `wrote ${rel} and ${relative(process.cwd(), env) || env} (drivers: ${drivers.join(', ')})`,
          '',
          'next:',
          `  npm install ${packages.join(' ')} rxjs`,
          '  npm install -D typescript @types/node     # optional: check type-checks the config',
          `  npx expmon-runner check ${rel}           # reads every sensor once (simulators until .env sets addresses)`,
          `  npx expmon-runner run ${rel} --verbose`,
          '',
        ].join('\n'),
      );
    });
}
