import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/simulator.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  // An optional dependency, which tsup would otherwise bundle: imported at run time, when a serial source opens.
  external: ['serialport'],
});
