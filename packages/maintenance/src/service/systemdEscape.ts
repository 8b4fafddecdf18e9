/**
 * Quotes one word of a systemd command line or path list (`ExecStart=`, `ReadWritePaths=`):
 * `%` becomes `%%` (no specifier expansion), `$` becomes `$$` (no variable expansion), and a
 * word with blanks, quotes or backslashes is double-quoted with C-style escapes.
 *
 * @example
 * systemdEscape('/opt/my lab/lab.config.ts'); // '"/opt/my lab/lab.config.ts"'
 * systemdEscape('50%');                       // '50%%'
 */
export function systemdEscape(word: string): string {
  if (/[\n\r\0]/.test(word)) throw new Error('a systemd unit value cannot contain a line break or NUL');
  const plain = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (plain !== '' && !/[\s"'\\;]/.test(plain)) return plain;
  return `"${plain.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Escapes a whole-line value (`Description=`, `WorkingDirectory=`): only `%` specifiers.
 *
 * @example
 * systemdValue('expmon runner (50% duty)'); // 'expmon runner (50%% duty)'
 */
export function systemdValue(value: string): string {
  if (/[\n\r\0]/.test(value)) throw new Error('a systemd unit value cannot contain a line break or NUL');
  return value.replace(/%/g, '%%');
}
