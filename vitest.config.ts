import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

// One test run for every package: `pnpm test` from the root.
// In tests, workspace packages resolve to their sources, so a test always runs the
// current code; processes the tests spawn (the runner's CLI) use the built `dist/`.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@expmon\/(core|source-kit|runner|store|alerts|grafana|maintenance|tpg300-fit|driver-[a-z]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@expmon\/source-kit\/parseDuration$/, replacement: `${packages}source-kit/src/parseDuration.ts` },
      { find: /^@expmon\/alerts\/config$/, replacement: `${packages}alerts/src/config.ts` },
      { find: /^@expmon\/runner\/script$/, replacement: `${packages}runner/src/script.ts` },
      { find: /^@expmon\/(driver-[a-z]+)\/simulator$/, replacement: `${packages}$1/src/simulator.ts` },
      { find: /^@expmon\/maintenance\/backup-age$/, replacement: `${packages}maintenance/src/backupAge.ts` },
      { find: /^@expmon\/test-servers$/, replacement: `${packages}test-servers/src/index.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real servers (InfluxDB, VictoriaMetrics, SNMP agents); the machine has two cores.
    maxWorkers: 2,
  },
});
