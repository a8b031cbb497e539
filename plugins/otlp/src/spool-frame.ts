import { crc32 } from 'node:zlib';

/**
 * A spool record on disk: `ORS1`, the payload's length (u32 BE), the payload's CRC-32 (u32 BE),
 * then the payload. Reading checks all three, so a truncated, empty or bit-flipped record is
 * caught before it is sent (a bare payload would go out as an empty or altered request).
 */
const MAGIC = 0x4f525331;
export const FRAME_HEADER_BYTES = 12;

export function frameHeader(payload: Uint8Array): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(MAGIC, 0);
  header.writeUInt32BE(payload.byteLength, 4);
  header.writeUInt32BE(crc32(payload), 8);
  return header;
}

/** The payload of a framed record, or why it is unreadable. */
export function unframe(file: Buffer): { payload: Buffer } | { problem: string } {
  if (file.length < FRAME_HEADER_BYTES) return { problem: `${file.length} bytes, shorter than a record header` };
  if (file.readUInt32BE(0) !== MAGIC) return { problem: 'no record header' };
  const length = file.readUInt32BE(4);
  if (length === 0) return { problem: 'empty payload' };
  if (length !== file.length - FRAME_HEADER_BYTES) {
    return { problem: `header says ${length} payload bytes, the file holds ${file.length - FRAME_HEADER_BYTES}` };
  }
  const payload = file.subarray(FRAME_HEADER_BYTES);
  if (crc32(payload) !== file.readUInt32BE(8)) return { problem: 'checksum mismatch' };
  return { payload };
}
