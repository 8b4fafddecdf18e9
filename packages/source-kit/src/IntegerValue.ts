/**
 * A field value that must be written as an integer (`42i` in line protocol).
 * Plain numbers are always written as floats, so `21.0` and `21.5` never conflict.
 *
 * @example
 * new IntegerValue(12).value; // 12 (usually written integer(12))
 */
export class IntegerValue {
  readonly value: number;
  constructor(value: number) {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`IntegerValue: ${value} is not a safe integer`);
    }
    this.value = value;
  }
  toString(): string {
    return String(this.value);
  }
}

/**
 * Marks a field value as an integer.
 *
 * @example
 * fields: { value: 3.2, status: integer(0) }
 */
export function integer(value: number): IntegerValue {
  return new IntegerValue(value);
}
