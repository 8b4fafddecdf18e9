/**
 * How {@link parseDisplayText} reads a display's text.
 *
 * @example
 * const o: DisplayTextFormat = { decimalSeparator: ',', displayUnit: 'mbar' };
 */
export interface DisplayTextFormat {
  /**
   * `auto` (default): a comma is the decimal separator when the text has no dot
   * (`2,3E-08`); `.` or `,` forces one. Thousands separators are never accepted.
   */
  decimalSeparator?: 'auto' | '.' | ',';
  /**
   * The unit the display shows after the number (`mbar`), removed before parsing (and
   * accepted when the OCR missed it). Any other text after the number fails the parse.
   */
  displayUnit?: string;
  /**
   * The display shows the exponent apart from the mantissa, without an `E` (`2.3 -08`,
   * small exponent digits at the top right). Off by default: on other displays a lost `E`
   * or a stray dash must not turn into an exponent.
   */
  exponentApart?: boolean;
  /**
   * Accept an integer part with leading zeros (`0013.2`, `-08`). Off by default: few displays
   * pad with zeros, and such text is usually a fragment (the exponent of a half-covered
   * `2.3E-08`).
   */
  leadingZeros?: boolean;
}

/**
 * Text fixes: each `[search, replacement]` is applied in order (a string replaces every
 * occurrence; a RegExp is used as given) to the OCR text before parsing.
 *
 * @example
 * const fixes: TextFix[] = [['€', 'e'], [/O/g, '0']];
 */
export type TextFix = readonly [search: string | RegExp, replacement: string];

/**
 * The Python tool's text fixes for its lab's gauge display (`€`/`&` read for `e`, `—-` for
 * `e-`, and a last digit 6 or 8 replaced by 0). They were a hack for one display read with
 * `--psm 6` and no whitelist; they are not applied unless a config asks for them.
 *
 * @example
 * new CameraDisplay({ ..., textFixes: PYTHON_TOOL_TEXT_FIXES });
 */
export const PYTHON_TOOL_TEXT_FIXES: readonly TextFix[] = [
  ['€', 'e'],
  ['&', 'e'],
  ['—-', 'e-'],
  [/[68]$/, '0'],
];

/**
 * Applies {@link TextFix}es in order.
 *
 * @example
 * applyTextFixes('2.3€-08', PYTHON_TOOL_TEXT_FIXES); // '2.3e-00' (the last-digit hack!)
 */
export function applyTextFixes(text: string, fixes: readonly TextFix[]): string {
  let out = text;
  for (const [search, replacement] of fixes) {
    out = typeof search === 'string' ? out.split(search).join(replacement) : out.replace(search, replacement);
  }
  return out;
}

/**
 * The result of {@link parseDisplayText}: a value, or why the text is not a number.
 *
 * @example
 * const r: ParsedDisplayText = parseDisplayText('2,3E-08');
 * if (r.ok) console.log(r.value);
 */
export type ParsedDisplayText =
  | { readonly ok: true; readonly value: number; readonly normalized: string }
  | { readonly ok: false; readonly reason: string };

// Exponents have one or two digits on displays: a third digit is a misread.
const NUMBER = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[Ee]([+-]?\d{1,2})|([+-]\d{1,2}))?$/;

/**
 * Parses what a numeric display shows, strictly: the whole text must be one number.
 * Accepted: `1013`, `-12.5`, `2.3E-08`, `2.3E-8`, `2.3e-8`, `2,3E-08` (decimal comma), a
 * mantissa and exponent shown apart (`2.3 -08`, `2.3-8`, with `exponentApart`), a unit after the number
 * (`displayUnit`). Spaces the OCR puts between digits are ignored. Anything else (a
 * lone `E`, two numbers, letters, two separators) is `ok: false`: a dropped reading is
 * far better than a wrong one.
 *
 * @example
 * parseDisplayText('2,3E-08');                            // { ok: true, value: 2.3e-8, normalized: '2.3E-08' }
 * parseDisplayText('1013 mbar', { displayUnit: 'mbar' }); // { ok: true, value: 1013, ... }
 * parseDisplayText('2.3 -08', { exponentApart: true });  // { ok: true, value: 2.3e-8, ... }
 * parseDisplayText('2.3E');                               // { ok: false, reason: ... }
 */
export function parseDisplayText(text: string, format: DisplayTextFormat = {}): ParsedDisplayText {
  let s = text
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '') return { ok: false, reason: 'no text' };
  if (format.displayUnit) {
    const unit = format.displayUnit.trim();
    if (s.toLowerCase().endsWith(unit.toLowerCase())) s = s.slice(0, s.length - unit.length).trim();
  }
  s = s.replace(/ /g, '');
  const separator = format.decimalSeparator ?? 'auto';
  if (separator === ',' || (separator === 'auto' && s.includes(',') && !s.includes('.'))) {
    if (separator === ',' && s.includes('.')) return { ok: false, reason: `"${text}" has a dot, the display uses a decimal comma` };
    s = s.replace(',', '.');
  }
  if (s.includes(',')) return { ok: false, reason: `"${text}" has a comma that is not a decimal separator` };
  const m = NUMBER.exec(s);
  if (!m) return { ok: false, reason: `"${text}" is not a number` };
  const [, sign, mantissa, exponentE, exponentApart] = m;
  if (!format.leadingZeros && /^0\d/.test(mantissa!)) {
    return { ok: false, reason: `"${text}" has a leading zero (a fragment of the display? set leadingZeros: true if it pads with zeros)` };
  }
  if (exponentApart !== undefined && !format.exponentApart) {
    return { ok: false, reason: `"${text}" is not a number (a mantissa and exponent apart need exponentApart: true)` };
  }
  const exponent = exponentE ?? exponentApart;
  const value = Number(`${sign}${mantissa}${exponent === undefined ? '' : `e${exponent}`}`);
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(mantissa!))) return { ok: false, reason: `"${text}" is out of range` };
  return { ok: true, value, normalized: `${sign}${mantissa}${exponent === undefined ? '' : `E${exponent}`}` };
}
