import { describe, expect, it } from 'vitest';
import { applyTextFixes, parseDisplayText, PYTHON_TOOL_TEXT_FIXES, type DisplayTextFormat } from '../src/parseDisplayText.js';

// What displays show → the number, or no number. Every "no" here is a reading that is
// dropped rather than written wrong.
const accepted: Array<[string, number, DisplayTextFormat?]> = [
  ['1013', 1013],
  ['-12.5', -12.5],
  ['+3.25', 3.25],
  ['2.3E-08', 2.3e-8],
  ['2.3E-8', 2.3e-8],
  ['2.3e-8', 2.3e-8],
  ['2.3E+02', 230],
  ['2,3E-08', 2.3e-8],
  ['0,5', 0.5],
  ['.5', 0.5],
  ['1 013', 1013], // a space the OCR put between digits
  ['2.3 E-08', 2.3e-8],
  ['2.3 -08', 2.3e-8, { exponentApart: true }],
  ['2.3-8', 2.3e-8, { exponentApart: true }],
  ['1013 mbar', 1013, { displayUnit: 'mbar' }],
  ['1013mbar', 1013, { displayUnit: 'mbar' }],
  ['1013', 1013, { displayUnit: 'mbar' }], // the unit outside the crop
  ['2.3E\u221208', 2.3e-8], // a Unicode minus
  ['12,5', 12.5, { decimalSeparator: ',' }],
  ['0013.2', 13.2, { leadingZeros: true }],
  ['0.05', 0.05],
  ['0', 0],
];

const refused: Array<[string, DisplayTextFormat?]> = [
  [''],
  ['   '],
  ['2.3E'], // the exponent was lost: 2.3 would be wrong
  ['2.3E-'],
  ['E-08'],
  ['2.3-08'], // a mantissa and exponent apart only when the display shows them so
  ['1.2.3'],
  ['1,013.5'], // thousands separators are never guessed
  ['1.5', { decimalSeparator: ',' }],
  ['12 5 mbar'], // letters without displayUnit
  ['1013 Pa', { displayUnit: 'mbar' }],
  ['--5'],
  ['5-'],
  ['1e999'],
  ['41E-386'], // a three-digit exponent is a misread (and would underflow to 0)
  ['1E-400'],
  ['-08'], // the exponent of a half-covered 2.3E-08
  ['007'],
  ['2.3E-0B'],
];

describe('parseDisplayText', () => {
  it.each(accepted)('%j → %d', (text, value, format) => {
    const r = parseDisplayText(text, format);
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.value).toBe(value);
  });

  it.each(refused)('%j → no number', (text, format) => {
    const r = parseDisplayText(text, format);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBeTruthy();
  });

  it('applies the Python tool fixes only when asked, in order', () => {
    expect(applyTextFixes('2.3€-08', PYTHON_TOOL_TEXT_FIXES)).toBe('2.3e-00'); // its trailing-digit hack
    expect(applyTextFixes('2.3&-07', PYTHON_TOOL_TEXT_FIXES)).toBe('2.3e-07');
    expect(applyTextFixes('2.3—-07', PYTHON_TOOL_TEXT_FIXES)).toBe('2.3e-07');
    expect(applyTextFixes('2.3E-08', [])).toBe('2.3E-08');
  });
});
