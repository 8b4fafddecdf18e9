/**
 * A plain-text table with aligned columns (numbers right-aligned): the one layout of the
 * command-line reports (the runner's `check`, `--verbose`, `silence`; the maintenance commands' plans).
 *
 * @example
 * formatTable(['sensor', 'value'], [['lab_temp', '21.4']]);
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === '' || r[i] === undefined || /^-?[\d.]+(e[-+]?\d+)?$/i.test(r[i]!)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? (c ?? '').padStart(widths[i]!) : (c ?? '').padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
