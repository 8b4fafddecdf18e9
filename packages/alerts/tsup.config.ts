import { defineConfig } from 'tsup';

export default defineConfig({
  // `config`: the schema and types of the `alerts` key only (zod), for the runner's config
  // loader; the index adds the engine, notifiers and charts (nodemailer, pureimage).
  entry: ['src/index.ts', 'src/config.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
