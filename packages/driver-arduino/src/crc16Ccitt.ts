/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final
 * XOR), the checksum of the serial ADC frames. Check value: `crc16Ccitt('123456789') === 0x29b1`.
 *
 * @example
 * crc16Ccitt('A,7,0,4095').toString(16).toUpperCase().padStart(4, '0');
 */
export function crc16Ccitt(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}
