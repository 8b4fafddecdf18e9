import { describe, expect, it } from 'vitest';
import { agreedByThree } from '../src/agreedByThree.js';

// Pure rule (no OCR): the pictures where it decides are in test/cases/one-look-*.
describe('agreedByThree: the number three of the four looks give', () => {
  it('settles one slipped look', () => {
    expect(agreedByThree([60000, 65000, 65000, 65000])).toBe(65000);
    expect(agreedByThree([4370, 'text "4.,37E+03" has a comma', 4370, 4370])).toBe(4370);
  });
  it('writes nothing when no number has three looks', () => {
    expect(agreedByThree([4.3e-5, 'no number', 4.3e-5, 'no number'])).toBeUndefined();
    expect(agreedByThree([5.5e5, 5e5, 5.5e5, 5e5])).toBeUndefined();
    expect(agreedByThree([1, 2, 3, undefined])).toBeUndefined();
    expect(agreedByThree(['a', 'a', 'a', 'a'])).toBeUndefined();
  });
});
