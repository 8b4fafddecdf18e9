import type { Command } from 'commander';
import { checkSources } from '../checkSources.js';
import { loadConfig } from '../config/loadConfig.js';
import { typeCheckConfig } from '../config/typeCheckConfig.js';
import { formatTable } from '@expmon/core';

/**
 * Registers `expmon-runner check <config>`: type-checks the config when `typescript` is
 * installed next to it (and says so when not), reads every source once and prints a row per
 * field (sensor, measurement, field, value, unit, latency, error); exit 1 if the config has
 * type errors or any source gave nothing.
 *
 * @example
 * registerCheckCommand(program);
 */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('type-check the config, read every source once and print each field with its unit, latency and error (exit 1 if any failed)')
    .argument('<config>', 'config file')
    .option('--no-type-check', 'skip the TypeScript type check')
    .action(async (config: string, flags: { typeCheck: boolean }) => {
      const cfg = await loadConfig(config);
      let typeErrors = 0;
      if (flags.typeCheck) {
        const tc = await typeCheckConfig(cfg.file);
        if (tc.status === 'errors') {
          typeErrors = tc.errors.length;
          process.stderr.write(`type check (${tc.typescript}): ${tc.errors.length} error(s)\n${tc.errors.join('\n')}\n`);
        } else if (tc.status === 'ok') {
          process.stderr.write(`type check (${tc.typescript}): ok\n`);
        } else {
          process.stderr.write(`type check skipped: ${tc.reason}\n`);
        }
      }
      const rows = await checkSources(cfg);
      process.stdout.write(
        `${formatTable(
          ['sensor', 'measurement', 'field', 'value', 'unit', 'latency', 'error'],
          rows.map((r) => [r.sensor, r.measurement, r.field, r.value, r.unit, `${Math.round(r.latencyMs)} ms`, r.error]),
        )}\n`,
      );
      const failedSources = new Set(rows.filter((r) => r.field === '').map((r) => r.sensor));
      // A config may have started a simulator; don't let it keep the process alive.
      process.exit(failedSources.size > 0 || typeErrors > 0 ? 1 : 0);
    });
}
