/**
 * Payloads joined with LF (one batch of line protocol).
 *
 * @example
 * joinLines([Buffer.from('m value=1 1'), Buffer.from('m value=2 2')]).toString(); // 'm value=1 1\nm value=2 2'
 */
export function joinLines(parts: Buffer[]): Buffer {
  const nl = Buffer.from('\n');
  const all: Buffer[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) all.push(nl);
    all.push(parts[i]!);
  }
  return Buffer.concat(all);
}
