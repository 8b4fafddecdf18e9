import { defineConfig } from 'tsup';

const common = { sourcemap: true, target: 'node20', dts: true } as const;

export default defineConfig([
  { ...common, entry: ['src/index.ts'], format: ['esm'] },
  // ml-levenberg-marquardt (and its ml-matrix) are ESM-only: bundled into the CJS build so that
  // require('@expmon/tpg300-fit') works on every Node 20.
  { ...common, entry: ['src/index.ts'], format: ['cjs'], noExternal: [/^ml-/] },
  { ...common, entry: ['src/cli/fitTpg300Cli.ts'], format: ['esm'], dts: false },
]);
