/**
 * Splits a byte stream into lines at `\n` (a `\r` before it is dropped), whatever the
 * chunking. A line longer than `maxLength` without a line end (noise, a wrong baud
 * rate) is cut off and reported as an overflow instead of growing without bound.
 *
 * @example
 * const lines = new LineBuffer(256);
 * lines.push(Buffer.from('0,1.0E-03\r\n1,'));  // [{ line: '0,1.0E-03' }]
 * lines.push(Buffer.from('2.0E-09\r\n'));      // [{ line: '1,2.0E-09' }]
 */
export class LineBuffer {
  private pending = '';
  private overflowing = false;

  constructor(private readonly maxLength = 512) {}

  /** Adds bytes; returns the complete lines (and overflow markers) they finished. */
  push(chunk: Uint8Array): Array<{ line: string; overflow?: false } | { line: string; overflow: true }> {
    const out: Array<{ line: string; overflow?: false } | { line: string; overflow: true }> = [];
    const text = Buffer.from(chunk).toString('latin1');
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      const piece = this.pending + text.slice(start, i);
      this.pending = '';
      start = i + 1;
      if (this.overflowing) {
        this.overflowing = false;
        continue;
      }
      out.push({ line: piece.endsWith('\r') ? piece.slice(0, -1) : piece });
    }
    if (!this.overflowing) {
      this.pending += text.slice(start);
      if (this.pending.length > this.maxLength) {
        out.push({ line: this.pending.slice(0, 40), overflow: true });
        this.pending = '';
        this.overflowing = true;
      }
    }
    return out;
  }

  /** Forgets a partial line (after the port was reopened). */
  reset(): void {
    this.pending = '';
    this.overflowing = false;
  }
}
