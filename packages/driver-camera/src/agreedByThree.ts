/**
 * The number that at least three of the looks at one picture give, or undefined (no number
 * has three looks; a look that gave no number is a string or undefined). With four looks, any
 * other number then has one look at most: how `confirm` settles two looks that disagree.
 *
 * @example
 * agreedByThree([6, 6.5, 6.5, 6.5]);                 // 6.5
 * agreedByThree([4.3, 'not a number', 4.3, undefined]); // undefined (two looks only)
 */
export function agreedByThree(values: readonly (number | string | undefined)[]): number | undefined {
  for (const v of values) {
    if (typeof v === 'number' && values.filter((w) => w === v).length >= 3) return v;
  }
  return undefined;
}
