import { describe, expect, it } from 'vitest';
import { formatTable } from '../src/formatTable.js';

describe('formatTable', () => {
  it('aligns columns, numbers to the right and text to the left, as the README shows', () => {
    expect(formatTable(['sensor', 'value'], [['lab_temp', '21.4'], ['chamber_pressure', '2.4e-6']])).toBe(
      ['sensor             value', '----------------  ------', 'lab_temp            21.4', 'chamber_pressure  2.4e-6'].join('\n'),
    );
  });

  it('keeps a column left-aligned when any cell is not a number, and allows empty cells', () => {
    expect(formatTable(['a', 'b'], [['1', 'x'], ['', '22']])).toBe(['a  b', '-  --', '1  x', '   22'].join('\n'));
  });
});
