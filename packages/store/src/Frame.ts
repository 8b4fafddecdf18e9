import { crc32 } from 'node:zlib';

/**
 * The on-disk frame of the durable log: one frame per appended batch.
 *
 * ```
 * offset  size  field
 * 0       4     marker  FF 45 58 46 ("\xFFEXF"; 0xFF never occurs in UTF-8 text)
 * 4       4     payload length in bytes (u32 BE)
 * 8       4     readings in the frame (u32 BE)
 * 12      8     sequence number of the first reading (u64 BE)
 * 20      4     CRC-32 of bytes 4..20 and of the payload (u32 BE)
 * 24      n     payload: line protocol, one reading a line, LF-separated, no trailing LF
 * ```
 *
 * A reader that meets a bad frame (wrong marker, impossible length, wrong CRC) searches for
 * the next marker and resumes at the first frame that checks out: damage costs the damaged
 * frames only. The sequence numbers say exactly how many readings a damaged region held.
 */
export const FRAME_MARKER = Buffer.from([0xff, 0x45, 0x58, 0x46]);
/** Bytes before the payload. */
export const FRAME_HEADER_BYTES = 24;
/** Largest payload accepted when reading (a corrupt length must not make the reader allocate gigabytes). */
export const MAX_FRAME_PAYLOAD = 256 * 1024 * 1024;

/** A frame's header fields and payload. */
export interface DecodedFrame {
  /** Sequence number of the first reading. */
  seq: number;
  /** Readings (lines) in the payload. */
  count: number;
  payload: Buffer;
  /** Bytes the whole frame takes (header + payload). */
  size: number;
}

/**
 * The frame of a batch, header and payload in one buffer, ready to be appended.
 *
 * @example
 * const frame = encodeFrame(Buffer.from('m value=1 1\nm value=2 2'), 2, 0);
 * decodeFrameAt(frame, 0); // { seq: 0, count: 2, payload: <Buffer ...>, size: 47 }
 */
export function encodeFrame(payload: Buffer, count: number, seq: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  FRAME_MARKER.copy(frame, 0);
  frame.writeUInt32BE(payload.length, 4);
  frame.writeUInt32BE(count, 8);
  frame.writeBigUInt64BE(BigInt(seq), 12);
  payload.copy(frame, FRAME_HEADER_BYTES);
  frame.writeUInt32BE(crc32(payload, crc32(frame.subarray(4, 20))), 20);
  return frame;
}

/**
 * The frame that starts at `offset` of `data`, or undefined when there is no valid frame
 * there (torn, damaged, or not a frame start).
 *
 * @example
 * const f = decodeFrameAt(segmentBytes, 0);
 * if (!f) console.log('damaged at 0; resync with findFrameMarker');
 */
export function decodeFrameAt(data: Buffer, offset: number): DecodedFrame | undefined {
  if (offset + FRAME_HEADER_BYTES > data.length) return undefined;
  if (data.compare(FRAME_MARKER, 0, 4, offset, offset + 4) !== 0) return undefined;
  const length = data.readUInt32BE(offset + 4);
  if (length > MAX_FRAME_PAYLOAD || offset + FRAME_HEADER_BYTES + length > data.length) return undefined;
  const count = data.readUInt32BE(offset + 8);
  const seq = Number(data.readBigUInt64BE(offset + 12));
  const payload = data.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
  if (crc32(payload, crc32(data.subarray(offset + 4, offset + 20))) !== data.readUInt32BE(offset + 20)) return undefined;
  if (!Number.isSafeInteger(seq) || count === 0) return undefined;
  return { seq, count, payload, size: FRAME_HEADER_BYTES + length };
}

/**
 * Where the next frame marker after `from` is in `data` (-1 if none): where a reader resyncs
 * after damage.
 *
 * @example
 * const next = findFrameMarker(data, badOffset + 1);
 */
export function findFrameMarker(data: Buffer, from: number): number {
  return data.indexOf(FRAME_MARKER, from);
}
