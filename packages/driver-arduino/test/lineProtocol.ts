import type { Reading } from '@expmon/core';
import { IntegerValue } from '@expmon/core';

/** Line protocol of a reading without its timestamp (test cases compare this). */
export function lineProtocol(r: Reading): string {
  const tags = Object.keys(r.tags)
    .sort()
    .map((k) => `,${k}=${r.tags[k]}`)
    .join('');
  const fields = Object.entries(r.fields)
    .map(([k, v]) => `${k}=${v instanceof IntegerValue ? `${v.value}i` : typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
    .join(',');
  return `${r.measurement}${tags} ${fields}`;
}
