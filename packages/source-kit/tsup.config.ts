import { defineConfig } from 'tsup';

export default defineConfig({
  // parseDuration: a dependency-free entry that @expmon/runner bundles into its light index.
  entry: ['src/index.ts', 'src/parseDuration.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
