import { int64Bits } from './json-rules.js';

/** Thrown by the writer when a record does not fit; the record is written again into a larger buffer. */
export const FULL = Symbol('full');

/** Hex digit values by character code; -1 for anything else. */
export const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Bytes of a varint holding `value` (< 2^32). */
const varintSize = (value: number) =>
  value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;

/**
 * Protobuf encoding into one buffer shared by a request's records, each record a view of it (as a
 * protobuf request's records are views of its body). A nested message's length takes one byte up
 * front and its bytes move along only when it turns out longer.
 */
export class RecordWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) throw FULL;
  }

  /** A new buffer for the record begun at `start` (the views already taken keep the old one). */
  grow(start: number, capacity: number): void {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 2 * (this.pos - start), 65_536));
    this.pos = 0;
  }

  uint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** The 64-bit varint of `int64Bits`. */
  varint64(): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    let { low, high } = int64Bits;
    while (high !== 0) {
      buf[pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    while (low > 0x7f) {
      buf[pos++] = (low & 0x7f) | 0x80;
      low >>>= 7;
    }
    buf[pos++] = low;
    this.pos = pos;
  }

  int32(value: number): void {
    if (value >= 0) this.uint32(value);
    else {
      int64Bits.low = value >>> 0;
      int64Bits.high = 0xffff_ffff;
      this.varint64();
    }
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(): void {
    this.ensure(8);
    this.buf.writeUInt32LE(int64Bits.low, this.pos);
    this.buf.writeUInt32LE(int64Bits.high, this.pos + 4);
    this.pos += 8;
  }

  /** Reserves a length byte; `endLength(slot)` fills it in. */
  beginLength(): number {
    this.ensure(1);
    return this.pos++;
  }

  endLength(slot: number): void {
    const length = this.pos - slot - 1;
    if (length < 0x80) {
      this.buf[slot] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buf.copyWithin(slot + 1 + extra, slot + 1, this.pos);
    const end = this.pos + extra;
    this.pos = slot;
    this.uint32(length);
    this.pos = end;
  }

  string(value: string): void {
    this.ensure(5 + 3 * value.length);
    const slot = this.beginLength();
    const buf = this.buf;
    let pos = this.pos;
    const length = value.length;
    if (length > 64) pos += buf.write(value, pos);
    else {
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          pos = this.pos + buf.write(value, this.pos);
          break;
        }
        buf[pos++] = code;
      }
    }
    this.pos = pos;
    this.endLength(slot);
  }

  /** An id as hex text of an even length; false (nothing usable written) on a character that is not hex. */
  hex(value: string): boolean {
    const bytes = value.length >> 1;
    this.ensure(1 + bytes);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = bytes;
    for (let i = 0; i < value.length; i += 2) {
      const high = HEX_VALUES[value.charCodeAt(i)] ?? -1;
      const low = HEX_VALUES[value.charCodeAt(i + 1)] ?? -1;
      if ((high | low) < 0) return false;
      buf[pos++] = (high << 4) | low;
    }
    this.pos = pos;
    return true;
  }

  base64(value: string): void {
    this.ensure(5 + Math.ceil((value.length * 3) / 4));
    const slot = this.beginLength();
    this.pos += this.buf.write(value, this.pos, 'base64');
    this.endLength(slot);
  }
}
