import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * A local log in the layout of expmon 0.1: `<dataDir>/queue/<sink type>[-n]/`, segment files
 * `000000000001.log` holding one record a line (`crc32hex SP line-protocol LF`), and a text
 * `ack` file (`<segment> <offset>`) saying what was shipped.
 */
export interface LegacyQueue {
  /** The folder name (`influx-v1`, `influx-v1-2`, `file`). */
  id: string;
  dir: string;
  /** The sink type it was written for (`influx-v1`): the folder name without a `-2` suffix. */
  sinkType: string;
  /** Readings not yet shipped (read them with {@link readLegacyLines}). */
  waiting: number;
  /** The segments holding them and where each one's unshipped records start. */
  segments: Array<{ name: string; from: number }>;
  /** Bytes after the first torn or corrupt record of a segment (0.1 cut them off too). */
  damagedBytes: number;
  /** The segment files and the ack file (what a migration removes). */
  files: string[];
}

const SEGMENT = /^(\d{12})\.log$/;
const RECORD_START = /^[0-9a-f]{8} /;

/**
 * Reads the folder `dir` if it is a local log of expmon 0.1 (no `meta` file, text `ack`
 * file or segments of CRC-prefixed lines); undefined when it is not (a folder of this
 * version, or something else). Reads only: nothing is changed on disk.
 *
 * @example
 * const old = await readLegacyQueue('./expmon-data/queue/influx-v1');
 * if (old) console.log(`${old.waiting} readings of 0.1 wait for a ${old.sinkType} sink`);
 */
export async function readLegacyQueue(dir: string): Promise<LegacyQueue | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  if (names.includes('meta')) return undefined;
  const segments = names
    .map((f) => SEGMENT.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  let ack = { segment: 0, offset: 0 };
  let ackIsText = false;
  if (names.includes('ack')) {
    const text = await readFile(join(dir, 'ack'), 'latin1').catch(() => '');
    const m = /^(\d+) (\d+)\n?$/.exec(text);
    if (m) {
      ack = { segment: Number(m[1]), offset: Number(m[2]) };
      ackIsText = true;
    } else if (text.length > 0) {
      return undefined; // the binary ack file of this version
    }
  }
  const id = basename(dir);
  let waiting = 0;
  const unshipped: LegacyQueue['segments'] = [];
  let damagedBytes = 0;
  let recordsSeen = ackIsText;
  for (const seg of segments) {
    const data = await readFile(join(dir, `${String(seg).padStart(12, '0')}.log`));
    if (data.length === 0) continue;
    if (!RECORD_START.test(data.toString('latin1', 0, 9))) return undefined; // not 0.1 records (a frame of this version)
    recordsSeen = true;
    if (seg < ack.segment) continue; // shipped (0.1 deleted these on open)
    const from = seg === ack.segment ? Math.min(ack.offset, data.length) : 0;
    const { validEnd, count } = readRecords(data, from);
    damagedBytes += data.length - validEnd;
    waiting += count;
    if (count > 0) unshipped.push({ name: `${String(seg).padStart(12, '0')}.log`, from });
  }
  if (!recordsSeen) return undefined;
  return {
    id,
    dir,
    sinkType: id.replace(/-\d+$/, ''),
    waiting,
    segments: unshipped,
    damagedBytes,
    files: [...(names.includes('ack') ? ['ack'] : []), ...(names.includes('ack.tmp') ? ['ack.tmp'] : []), ...segments.map((s) => `${String(s).padStart(12, '0')}.log`)],
  };
}

/**
 * The waiting readings of a 0.1 local log, in order, in batches of up to `batchSize` lines;
 * one segment file (16 MiB at most in 0.1) is in memory at a time.
 *
 * @example
 * for await (const lines of readLegacyLines(old, 5000)) queue.appendLines(lines);
 */
export async function* readLegacyLines(legacy: LegacyQueue, batchSize = 5000): AsyncGenerator<string[]> {
  for (const seg of legacy.segments) {
    const lines: string[] = [];
    readRecords(await readFile(join(legacy.dir, seg.name)), seg.from, lines);
    for (let i = 0; i < lines.length; i += batchSize) yield lines.slice(i, i + batchSize);
  }
}

/** Checks the records of `data` from `from` (appending their lines to `out` if given); where the valid data ends (as the 0.1 `verify`) and how many records. */
function readRecords(data: Buffer, from: number, out?: string[]): { validEnd: number; count: number } {
  let pos = from;
  let count = 0;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) break; // torn: no newline
    if (nl - pos < 9 || data[pos + 8] !== 0x20) break;
    const crcHex = data.toString('latin1', pos, pos + 8);
    const payload = data.toString('utf8', pos + 9, nl);
    if (!/^[0-9a-f]{8}$/.test(crcHex) || crc32(payload) !== parseInt(crcHex, 16)) break;
    out?.push(payload);
    count++;
    pos = nl + 1;
  }
  return { validEnd: pos, count };
}
