import { crc16Ccitt } from './crc16Ccitt.js';

/** A decoded frame of the serial ADC protocol (see firmware/PROTOCOL.md). */
export type SerialAdcFrame =
  | { readonly type: 'sample'; readonly seq: number; readonly raw: readonly number[] }
  | { readonly type: 'hello'; readonly firmware: string; readonly version: number };

/** Why a line is not a frame. */
export class SerialFrameSyntaxError extends Error {
  override readonly name: string = 'SerialFrameSyntaxError';
}

/** Highest sequence number; the host counts 0..65535 and wraps. */
export const MAX_SERIAL_SEQ = 0xffff;

/**
 * Builds a frame line (without the line end): `$` payload `*` CRC, where CRC is
 * {@link crc16Ccitt} of the payload as four upper-case hex digits.
 *
 * @example
 * encodeSerialAdcFrame({ type: 'sample', seq: 7, raw: [0, 4095] }); // '$A,7,0,4095*XXXX'
 */
export function encodeSerialAdcFrame(frame: SerialAdcFrame): string {
  const payload =
    frame.type === 'sample'
      ? ['A', String(frame.seq), ...frame.raw.map(String)].join(',')
      : ['H', frame.firmware, String(frame.version)].join(',');
  return `$${payload}*${crc16Ccitt(payload).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Parses one frame line (line end already removed). Throws {@link SerialFrameSyntaxError}
 * saying what is wrong: missing `$` or `*`, bad CRC, bad field count, value out of range.
 *
 * @example
 * parseSerialAdcFrame('$A,7,0,4095*XXXX', 2, 4095); // { type: 'sample', seq: 7, raw: [0, 4095] }
 */
export function parseSerialAdcFrame(line: string, pins: number, maxRaw: number): SerialAdcFrame {
  if (!line.startsWith('$')) throw new SerialFrameSyntaxError('does not start with $');
  const star = line.lastIndexOf('*');
  if (star < 0) throw new SerialFrameSyntaxError('has no *CRC (partial line?)');
  const payload = line.slice(1, star);
  const crcText = line.slice(star + 1);
  if (!/^[0-9A-Fa-f]{4}$/.test(crcText)) throw new SerialFrameSyntaxError(`bad CRC field ${JSON.stringify(crcText)}`);
  const expected = crc16Ccitt(payload);
  if (Number.parseInt(crcText, 16) !== expected) {
    throw new SerialFrameSyntaxError(
      `CRC mismatch: frame says ${crcText.toUpperCase()}, payload gives ${expected.toString(16).toUpperCase().padStart(4, '0')}`,
    );
  }
  const parts = payload.split(',');
  if (parts[0] === 'H') {
    if (parts.length !== 3) throw new SerialFrameSyntaxError('hello frame needs 3 fields');
    return { type: 'hello', firmware: parts[1]!, version: decimal(parts[2]!, 'version', 0xffff) };
  }
  if (parts[0] !== 'A') throw new SerialFrameSyntaxError(`unknown frame type ${JSON.stringify(parts[0])}`);
  if (parts.length !== pins + 2) {
    throw new SerialFrameSyntaxError(`has ${parts.length - 2} values, expected ${pins}`);
  }
  const seq = decimal(parts[1]!, 'seq', MAX_SERIAL_SEQ);
  const raw = parts.slice(2).map((p, i) => decimal(p, `A${i}`, maxRaw));
  return { type: 'sample', seq, raw };
}

function decimal(text: string, what: string, max: number): number {
  if (!/^\d{1,6}$/.test(text)) throw new SerialFrameSyntaxError(`${what} is not a number: ${JSON.stringify(text)}`);
  const n = Number(text);
  if (n > max) throw new SerialFrameSyntaxError(`${what} ${n} is above ${max}`);
  return n;
}
