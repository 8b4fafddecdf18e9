/** A variable name that both systemd and a POSIX shell accept. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `KEY=VALUE` lines (a `.env` file, or systemd's `EnvironmentFile=` format): blank
 * lines and `#` comments are skipped, an `export ` prefix is allowed, values may be single- or
 * double-quoted. Errors name the line, never the value (it may be a secret).
 *
 * @example
 * parseEnvironmentFile('INFLUX_URL=http://127.0.0.1:8086\nINFLUX_TOKEN="s3cr#t"\n');
 * // → Map { 'INFLUX_URL' => 'http://127.0.0.1:8086', 'INFLUX_TOKEN' => 's3cr#t' }
 */
export function parseEnvironmentFile(text: string, source = 'environment file'): Map<string, string> {
  const vars = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!m || !NAME.test(m[1]!)) {
      throw new Error(`${source}, line ${i + 1}: expected NAME=VALUE with a NAME of letters, digits and _`);
    }
    vars.set(m[1]!, unquote(m[2]!, `${source}, line ${i + 1}`));
  });
  return vars;
}

function unquote(v: string, where: string): string {
  if (v.startsWith("'")) {
    if (v.length < 2 || !v.endsWith("'")) throw new Error(`${where}: unterminated ' quote`);
    return v.slice(1, -1);
  }
  if (v.startsWith('"')) {
    if (v.length < 2 || !v.endsWith('"') || /(^|[^\\])(\\\\)*\\"$/.test(v.slice(1))) {
      throw new Error(`${where}: unterminated " quote`);
    }
    return v.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
  }
  return v;
}

/**
 * Writes variables in a form that systemd's `EnvironmentFile=` and a POSIX shell (`. file`)
 * read back identically: every value double-quoted, with `\`, `"`, `` ` `` and `$` escaped.
 *
 * @example
 * renderEnvironmentFile(new Map([['INFLUX_TOKEN', 'a"b$c']]));
 * // '# ...\nINFLUX_TOKEN="a\\"b\\$c"\n'
 */
export function renderEnvironmentFile(vars: ReadonlyMap<string, string>): string {
  const lines = ['# Secrets and settings of the expmon runner (read by systemd as root). Keep mode 0600.'];
  for (const [name, value] of vars) {
    if (!NAME.test(name)) throw new Error(`not a variable name: ${name}`);
    if (/[\n\r\0]/.test(value)) throw new Error(`${name}: a value cannot contain a line break or NUL`);
    lines.push(`${name}="${value.replace(/(["\\`$])/g, '\\$1')}"`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The same file with every value hidden: what `--dry-run` shows.
 *
 * @example
 * maskEnvironment(new Map([['INFLUX_TOKEN', 'x']])); // 'INFLUX_TOKEN=<hidden>\n'
 */
export function maskEnvironment(vars: ReadonlyMap<string, string>): string {
  return [...vars.keys()].map((k) => `${k}=<hidden>\n`).join('');
}
