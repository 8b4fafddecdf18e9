import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What {@link typeCheckConfig} found. */
export type TypeCheckResult =
  | { status: 'ok'; typescript: string }
  | { status: 'errors'; typescript: string; errors: string[] }
  /** `typescript` cannot be resolved from the config's folder (or the config is JavaScript). */
  | { status: 'unavailable'; reason: string };

type Ts = typeof import('typescript');

/**
 * Type-checks a TypeScript config with the `typescript` package installed next to it (resolved
 * from the config's folder, as `tsc` would be), so a typo in a driver option
 * (`serialNumbr: 620000`) is reported as `lab.config.ts:12:7: Object literal may only specify
 * known properties…` before anything runs. The config's own `tsconfig.json` is used when there
 * is one (found upwards from its folder), else ES2022 modules with bundler resolution; library
 * types are never checked (`skipLibCheck`), and only errors in the user's own files (not in
 * `node_modules`) are reported. Nothing is emitted.
 *
 * @example
 * const r = await typeCheckConfig('/srv/expmon/lab.config.ts');
 * if (r.status === 'errors') console.error(r.errors.join('\n'));
 */
export async function typeCheckConfig(file: string): Promise<TypeCheckResult> {
  if (!/\.[cm]?ts$/.test(file)) return { status: 'unavailable', reason: 'a JavaScript config is not type-checked' };
  let ts: Ts;
  let where: string;
  try {
    where = createRequire(file).resolve('typescript');
    const mod = (await import(pathToFileURL(where).href)) as Ts & { default?: Ts };
    ts = mod.default ?? mod;
  } catch {
    return {
      status: 'unavailable',
      reason: `typescript is not installed next to the config (npm install -D typescript @types/node to type-check it)`,
    };
  }
  const version = `typescript ${ts.version}`;
  let options: import('typescript').CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
  };
  const tsconfig = ts.findConfigFile(dirname(file), (f) => ts.sys.fileExists(f));
  if (tsconfig) {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (parsed) options = parsed.options;
  }
  options = { ...options, noEmit: true, skipLibCheck: true, declaration: false, composite: false, incremental: false };
  const program = ts.createProgram([file], options);
  const cwd = process.cwd();
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && !d.file?.fileName.includes('/node_modules/'))
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
      if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${relative(cwd, d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}: error TS${d.code}: ${text}`;
    });
  return errors.length > 0 ? { status: 'errors', typescript: version, errors } : { status: 'ok', typescript: version };
}
