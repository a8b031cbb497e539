import type protobuf from 'protobufjs';

/** A protobuf body that does not parse as the message it was sent as. */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

/** For one message type: its fields that hold messages (checked in turn), by field number. */
interface Shape {
  readonly messages: Map<number, Shape>;
}

const shapes = new Map<protobuf.Type, Shape>();

/** The shape of `type`, built once; recursive types (AnyValue ↔ ArrayValue) share their entry. */
export function shapeOf(type: protobuf.Type): Shape {
  let shape = shapes.get(type);
  if (shape !== undefined) return shape;
  shape = { messages: new Map() };
  shapes.set(type, shape);
  for (const field of type.fieldsArray) {
    const resolved = field.resolve().resolvedType;
    if (resolved !== null && 'fieldsArray' in resolved)
      shape.messages.set(field.id, shapeOf(resolved as protobuf.Type));
  }
  return shape;
}

/** Deeper than any real OTLP value; bounds the recursion on hostile input. */
const MAX_DEPTH = 64;

/**
 * Reads protobuf wire format in place: tags, varints and lengths, without allocating. Used to
 * check a span or log record and to find its parts, so it can be queued and spooled as the bytes
 * it arrived as instead of as a decoded object tree.
 */
export class WireReader {
  readonly buf: Uint8Array;
  pos: number;

  constructor(buf: Uint8Array, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }

  /** A varint that fits 32 bits (tags, lengths); longer ones are read and truncated, as protobufjs does. */
  uint32(end: number): number {
    const buf = this.buf;
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new WireFormatError(`index out of range: ${this.pos} + 1 > ${end}`);
      const byte = buf[this.pos++] as number;
      if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value > 0xffffffff ? value % 4_294_967_296 : value;
    }
    throw new WireFormatError('invalid varint encoding');
  }

  /** A length-delimited field's length, checked against `end`; leaves `pos` at its first byte. */
  length(end: number): number {
    const length = this.uint32(end);
    if (this.pos + length > end) throw new WireFormatError(`index out of range: ${this.pos} + ${length} > ${end}`);
    return length;
  }

  /** Skips one field's value of wire type `wire`. */
  skip(wire: number, end: number, depth: number): void {
    switch (wire) {
      case 0:
        this.uint32(end);
        return;
      case 1:
        this.advance(8, end);
        return;
      case 2: {
        const length = this.length(end);
        this.pos += length;
        return;
      }
      case 5:
        this.advance(4, end);
        return;
      case 3: {
        if (depth > MAX_DEPTH) throw new WireFormatError('groups nested too deep');
        for (;;) {
          const tag = this.uint32(end);
          if ((tag & 7) === 4) return;
          this.skip(tag & 7, end, depth + 1);
        }
      }
      default:
        throw new WireFormatError(`invalid wire type ${wire} at offset ${this.pos}`);
    }
  }

  /** Walks a message of `shape` between `pos` and `end`, into every message-typed field; throws on bad framing. */
  check(shape: Shape, end: number, depth = 0): void {
    if (depth > MAX_DEPTH) throw new WireFormatError('messages nested too deep');
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = tag >>> 3;
      if (field === 0) throw new WireFormatError(`illegal tag at offset ${this.pos}`);
      const nested = shape.messages.get(field);
      if (nested === undefined) {
        this.skip(tag & 7, end, depth);
        continue;
      }
      if ((tag & 7) !== 2) throw new WireFormatError(`field ${field} should be a message, has wire type ${tag & 7}`);
      const fieldEnd = this.length(end) + this.pos;
      this.check(nested, fieldEnd, depth + 1);
    }
  }

  advance(bytes: number, end: number): void {
    if (this.pos + bytes > end) throw new WireFormatError(`index out of range: ${this.pos} + ${bytes} > ${end}`);
    this.pos += bytes;
  }
}

/** The last value of bytes field `field` of an encoded message (a view, not a copy); undefined when absent. */
export function bytesField(message: Uint8Array, field: number): Uint8Array | undefined {
  const reader = new WireReader(message);
  const end = message.length;
  let found: Uint8Array | undefined;
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (tag >>> 3 === field && (tag & 7) === 2) {
      const length = reader.length(end);
      found = message.subarray(reader.pos, reader.pos + length);
      reader.pos += length;
    } else reader.skip(tag & 7, end, 0);
  }
  return found;
}
