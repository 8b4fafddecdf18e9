import { defineConfig } from 'tsup';

export default defineConfig({
  // index: what a config imports (defineConfig, types): nothing heavy.
  // script: what a lab script needs to run a config. cli: the expmon-runner command.
  entry: ['src/index.ts', 'src/script.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The index re-exports source-kit's parseDuration: bundled, so that a config's import loads no other package.
  noExternal: ['@expmon/source-kit/parseDuration'],
});
