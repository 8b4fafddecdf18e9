/**
 * Decimals kept in a value the driver computes (a ratio, a unit conversion): 0.01 % or 0.01 min.
 *
 * @example
 * roundDerived(20.740740) === Number((20.740740).toFixed(DERIVED_DECIMALS)); // true
 */
export const DERIVED_DECIMALS = 2;

/**
 * Rounds a value the driver derived from integers the UPS sent, so that binary floating
 * point noise does not reach the database (`378 / 1350 × 100` is `28.000000000000004`;
 * stored as `28`). The UPS's own integers are never rounded. Two decimals keep more than
 * the UPS measures (its load and runtime are whole percent and seconds).
 *
 * @example
 * roundDerived((378 / 1350) * 100); // 28
 * roundDerived(1234 / 60); // 20.57
 */
export function roundDerived(value: number): number {
  const factor = 10 ** DERIVED_DECIMALS;
  return Math.round(value * factor) / factor;
}
