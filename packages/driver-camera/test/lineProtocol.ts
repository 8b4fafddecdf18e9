import type { Reading } from '@expmon/core';

/**
 * Line protocol of a reading without its timestamp and without the `confidence` field
 * (its exact figure belongs to the OCR model; the tests check it against minConfidence).
 */
export function lineProtocol(r: Reading): string {
  const tags = Object.keys(r.tags)
    .sort()
    .map((k) => `,${k}=${r.tags[k]}`)
    .join('');
  const fields = Object.entries(r.fields)
    .filter(([k]) => k !== 'confidence')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return `${r.measurement}${tags} ${fields}`;
}
