import { builtinModules } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@expmon/core';
import type { Plugin } from 'esbuild';

/**
 * Imports a TypeScript config on Node 20 (which cannot strip types) and returns its module.
 *
 * esbuild compiles the config, with the local files it imports, into one ES module; every
 * package it imports stays an import, rewritten to the absolute file that Node's own ESM
 * resolution would pick from the config's folder, so the config shares the runner's copy of
 * `@expmon/core` and the drivers. The module is then imported from a `data:` URL: nothing is
 * written next to the config (its folder may be read-only for the service user). esbuild
 * runs as a short-lived child process, so its compiler never occupies the runner's memory
 * (jiti, used before, kept ~25 MB of Babel in a process that runs for years). Stack traces
 * point into the config's own lines through an inline source map.
 *
 * `import.meta.url`, `import.meta.dirname` and `import.meta.filename` are the config file's.
 */
export async function importTypeScript(file: string): Promise<Record<string, unknown>> {
  const esbuild = await import('esbuild');
  let code: string;
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      sourcemap: 'inline',
      sourcesContent: false,
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.dirname': JSON.stringify(dirname(file)),
        'import.meta.filename': JSON.stringify(file),
      },
      plugins: [packagesAsAbsoluteImports],
    });
    code = result.outputFiles[0]!.text;
  } catch (cause) {
    const errors = (cause as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
    const detail = errors?.length
      ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n  ')
      : String((cause as Error)?.message ?? cause);
    throw new ConfigError(`cannot compile: ${detail}`, { cause });
  } finally {
    await esbuild.stop();
  }
  // Stack traces name the config file (V8 honours sourceURL) instead of a long data: URL.
  code += `\n//# sourceURL=${pathToFileURL(file).href}\n`;
  process.setSourceMapsEnabled(true);
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, unknown>;
}

/** Keeps packages out of the bundle, imported by absolute file URL as Node would resolve them. */
const packagesAsAbsoluteImports: Plugin = {
  name: 'expmon-packages-as-absolute-imports',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
      if ((args.pluginData as { inner?: boolean } | undefined)?.inner) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { inner: true } });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};
