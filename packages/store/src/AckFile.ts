import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const MARKER = 0x45584143; // "EXAC"
const SLOT_BYTES = 32;

/** What {@link AckFile.open} read back. */
export interface AckState {
  /** Sequence number of the first reading not yet acknowledged. */
  seq: number;
  /** Set when a slot was damaged (a torn write): the other one was used. */
  damaged?: string;
}

/**
 * The acknowledged position of a durable log, stored with a CRC in two alternating 32-byte
 * slots of one file (the double meta page of LMDB): a write goes to the older slot in place,
 * so a torn write leaves the other one intact, and no new disk block is needed once the
 * file exists (writing the ack does not fail on a full disk). The position is a reading
 * sequence number, so a stale ack can only make readings ship again (InfluxDB keeps one
 * point per series and time), never skip one.
 *
 * Slot: marker (u32) · generation (u32) · seq (u64) · CRC-32 of the first 16 bytes (u32).
 *
 * @example
 * const { file, state } = await AckFile.open('./queue/influx-v1-3f2a/ack');
 * await file.write(state.seq + 100, true);
 */
export class AckFile {
  private generation: number;
  private lastSync = 0;
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    generation: number,
  ) {
    this.generation = generation;
  }

  /** Opens (or creates) the file and reads the newest valid slot. */
  static async open(path: string): Promise<{ file: AckFile; state: AckState }> {
    const handle = await open(path, 'a+').then(async (h) => {
      await h.close();
      return open(path, 'r+');
    });
    const buf = Buffer.alloc(SLOT_BYTES * 2);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0).catch(async (e: unknown) => {
      await handle.close().catch(() => {});
      throw e;
    });
    const slots = [0, 1].map((i) => readSlot(buf, i * SLOT_BYTES, bytesRead));
    const valid = slots.filter((s): s is { generation: number; seq: number } => s !== undefined);
    const best = valid.sort((a, b) => b.generation - a.generation)[0];
    const state: AckState = { seq: best?.seq ?? 0 };
    const file = new AckFile(path, handle, best?.generation ?? 0);
    if (bytesRead === 0) {
      // New file: both slots valid from the start, so that a damaged one can be told apart.
      // On a full disk this fails; the position then lives in memory until a later write works.
      try {
        await file.write(0, true);
        await file.write(0, true);
      } catch {
        /* retried with the next ack */
      }
    } else if (valid.length < 2) {
      state.damaged = valid.length === 0 ? 'both slots damaged: shipping again from the start of the log' : 'one slot damaged: using the other';
    }
    return { file, state };
  }

  /** Stores `seq`; fsyncs when `sync` is true or the last fsync is older than a second. */
  async write(seq: number, sync = false): Promise<void> {
    const generation = this.generation + 1;
    const slot = Buffer.alloc(SLOT_BYTES);
    slot.writeUInt32BE(MARKER, 0);
    slot.writeUInt32BE(generation >>> 0, 4);
    slot.writeBigUInt64BE(BigInt(seq), 8);
    slot.writeUInt32BE(crc32(slot.subarray(0, 16)), 16);
    await this.handle.write(slot, 0, SLOT_BYTES, (generation % 2) * SLOT_BYTES);
    this.generation = generation;
    const now = Date.now();
    if (sync || now - this.lastSync >= 1000) {
      this.lastSync = now;
      await this.handle.datasync();
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function readSlot(buf: Buffer, at: number, length: number): { generation: number; seq: number } | undefined {
  if (at + 20 > length) return undefined;
  if (buf.readUInt32BE(at) !== MARKER) return undefined;
  if (crc32(buf.subarray(at, at + 16)) !== buf.readUInt32BE(at + 16)) return undefined;
  const seq = Number(buf.readBigUInt64BE(at + 8));
  if (!Number.isSafeInteger(seq)) return undefined;
  return { generation: buf.readUInt32BE(at + 4), seq };
}
