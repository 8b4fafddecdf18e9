/** Magic number at the start of every Phidget network packet header ("PHI0" read little-endian). */
const MAGIC = 1346914608;
const HEADER_LENGTH = 16;

/** Flag of a packet that answers a request (its `repseq` names the request). */
export const REPLY_FLAG = 0x0002;
/** Flag of a packet the server sends on its own (attach, detach, value and error events). */
export const EVENT_FLAG = 0x0004;

/**
 * One packet of the Phidget Network Server protocol: a 16-byte little-endian header
 * (magic, payload length, flags, request sequence, reply sequence, type, subtype)
 * followed by a JSON payload.
 *
 * @example
 * const p: NetworkPacket = { flags: 0, reqseq: 12, repseq: 0, type: 30, subtype: 50, json: { phid: 1 } };
 */
export interface NetworkPacket {
  flags: number;
  reqseq: number;
  repseq: number;
  /** 10 handshake/auth, 20 command (keepalive), 30 device. */
  type: number;
  /** For type 30: 50 device attach, 55 device detach, 60 open, 65 close, 70 bridge packet, 80 channel. */
  subtype: number;
  /** Parsed JSON payload, `undefined` when the packet has none. */
  json: unknown;
}

/**
 * Encodes a packet: header plus UTF-8 JSON payload.
 *
 * @example
 * socket.write(encodeNetworkPacket({ flags: REPLY_FLAG, reqseq: 1, repseq: 11, type: 10, subtype: 10, json: { result: 0 } }));
 */
export function encodeNetworkPacket(packet: NetworkPacket): Buffer {
  const body = packet.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(packet.json), 'utf8');
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(body.length, 4);
  header.writeUInt16LE(packet.flags, 8);
  header.writeUInt16LE(packet.reqseq, 10);
  header.writeUInt16LE(packet.repseq, 12);
  header.writeUInt8(packet.type, 14);
  header.writeUInt8(packet.subtype, 15);
  return Buffer.concat([header, body]);
}

/**
 * Splits a TCP byte stream into packets (TCP may cut or join them anywhere).
 *
 * @example
 * const reader = new NetworkPacketReader();
 * socket.on('data', (chunk) => { for (const p of reader.push(chunk)) handle(p); });
 */
export class NetworkPacketReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns the packets that are now complete. Throws on a bad magic number. */
  push(chunk: Buffer): NetworkPacket[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const packets: NetworkPacket[] = [];
    while (this.buffer.length >= HEADER_LENGTH) {
      if (this.buffer.readUInt32LE(0) !== MAGIC) throw new Error('bad packet magic');
      const length = this.buffer.readUInt32LE(4);
      if (this.buffer.length < HEADER_LENGTH + length) break;
      const body = this.buffer.subarray(HEADER_LENGTH, HEADER_LENGTH + length).toString('utf8');
      packets.push({
        flags: this.buffer.readUInt16LE(8),
        reqseq: this.buffer.readUInt16LE(10),
        repseq: this.buffer.readUInt16LE(12),
        type: this.buffer.readUInt8(14),
        subtype: this.buffer.readUInt8(15),
        json: length > 0 ? (JSON.parse(body) as unknown) : undefined,
      });
      this.buffer = this.buffer.subarray(HEADER_LENGTH + length);
    }
    return packets;
  }
}
