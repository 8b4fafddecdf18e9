import { defineConfig } from 'tsup';

// shims: import.meta.url in the CJS build (the trained data is found next to this package).
const common = { sourcemap: true, target: 'node20', dts: true, shims: true } as const;

export default defineConfig([
  { ...common, entry: ['src/index.ts', 'src/simulator.ts'], format: ['esm', 'cjs'] },
  { ...common, entry: ['src/cli/cameraTuneCli.ts'], format: ['esm'], dts: false },
]);
