import {
  base64,
  double,
  enumValue,
  FieldError,
  type FieldRule,
  fail,
  hexId,
  int64,
  int64Bits,
  integer,
  MAX_DEPTH,
  type MessageRule,
  notObject,
  ruleOf,
  show,
  withFieldPath,
} from './json-rules.js';
import { message as checkInPlace } from './otlp-json.js';
import type { InstrumentationScope, Resource } from './otlp-types.js';
import { levelTypes } from './proto.js';
import { LEVELS, type RawResourceEntry, type RawScopeEntry } from './raw-records.js';
import type { SpooledSignal } from './spool.js';

/** Thrown by the writer when a record does not fit; the record is written again into a larger buffer. */
const FULL = Symbol('full');

/** Hex digit values by character code; -1 for anything else. */
const HEX_VALUES = new Int8Array(128).fill(-1);
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
class RecordWriter {
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

// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

function encodeScalar(w: RecordWriter, value: unknown, field: FieldRule): void {
  const tag = field.id << 3;
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') fail(`expected a string, got ${show(value)}`);
      w.uint32(tag | LENGTH);
      w.string(value as string);
      return;
    case 'bool':
      if (typeof value !== 'boolean') fail(`expected true or false, got ${show(value)}`);
      w.uint32(tag | VARINT);
      w.uint32(value ? 1 : 0);
      return;
    case 'double': {
      const number = double(value);
      if (field.type === 'float') {
        w.uint32(tag | FIXED32);
        w.ensure(4);
        w.buf.writeFloatLE(number, w.pos);
        w.pos += 4;
      } else {
        w.uint32(tag | FIXED64);
        w.ensure(8);
        w.buf.writeDoubleLE(number, w.pos);
        w.pos += 8;
      }
      return;
    }
    case 'int32': {
      const number = integer(value, -2_147_483_648, 2_147_483_647, 'a 32-bit integer');
      if (field.type === 'sfixed32') {
        w.uint32(tag | FIXED32);
        w.fixed32(number);
      } else {
        w.uint32(tag | VARINT);
        if (field.type === 'sint32') w.uint32(((number << 1) ^ (number >> 31)) >>> 0);
        else w.int32(number);
      }
      return;
    }
    case 'uint32': {
      const number = integer(value, 0, 4_294_967_295, 'an unsigned 32-bit integer');
      if (field.type === 'fixed32') {
        w.uint32(tag | FIXED32);
        w.fixed32(number);
      } else {
        w.uint32(tag | VARINT);
        w.uint32(number);
      }
      return;
    }
    case 'int64':
    case 'uint64':
      int64(value, field.kind === 'int64');
      if (field.type === 'fixed64' || field.type === 'sfixed64') {
        w.uint32(tag | FIXED64);
        w.fixed64();
      } else {
        if (field.type === 'sint64') {
          // Zigzag: (n << 1) ^ (n >> 63) on the two halves.
          const sign = int64Bits.high >> 31;
          int64Bits.high = (((int64Bits.high << 1) | (int64Bits.low >>> 31)) ^ sign) >>> 0;
          int64Bits.low = ((int64Bits.low << 1) ^ sign) >>> 0;
        }
        w.uint32(tag | VARINT);
        w.varint64();
      }
      return;
    case 'enum':
      w.uint32(tag | VARINT);
      w.int32(enumValue(value, field));
      return;
    case 'hex':
      w.uint32(tag | LENGTH);
      // The usual case checked while written; anything else gets hexId's answer.
      if (
        typeof value !== 'string' ||
        (value.length !== 0 && value.length !== 2 * (field.idBytes as number)) ||
        !w.hex(value)
      )
        hexId(value, field);
      return;
    case 'bytes':
      w.uint32(tag | LENGTH);
      w.base64(base64(value));
      return;
    default:
      fail(`unexpected field kind ${field.kind}`);
  }
}

function encodeValue(w: RecordWriter, value: unknown, field: FieldRule, depth: number): void {
  if (field.kind !== 'message') {
    encodeScalar(w, value, field);
    return;
  }
  w.uint32((field.id << 3) | LENGTH);
  const slot = w.beginLength();
  encodeMessage(w, value, field.message as MessageRule, depth + 1);
  w.endLength(slot);
}

/**
 * Writes `input` as the protobuf encoding of `rule`'s message, checking every field as the in-place
 * walk of otlp-json.ts does, with the same messages: unknown fields and nulls are skipped, a oneof
 * may hold one member. Repeated scalars are written unpacked, which every protobuf parser reads.
 */
function encodeMessage(w: RecordWriter, input: unknown, rule: MessageRule, depth: number): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FieldError(notObject(input));
  if (depth > MAX_DEPTH) throw new FieldError('nested too deep');
  const object = input as Record<string, unknown>;
  let oneofs: Record<string, string> | undefined;
  for (const key in object) {
    const field = rule.fields.get(key);
    if (field === undefined) continue;
    const current = object[key];
    if (current === null) continue;
    try {
      if (field.repeated) {
        if (!Array.isArray(current)) fail(`expected an array, got ${show(current)}`);
        const list = current as unknown[];
        for (let i = 0; i < list.length; i++) {
          try {
            encodeValue(w, list[i], field, depth);
          } catch (error) {
            if (error instanceof FieldError) error.path.push(`[${i}]`);
            throw error;
          }
        }
      } else {
        encodeValue(w, current, field, depth);
        if (field.oneof !== undefined) {
          oneofs ??= {};
          const set = oneofs[field.oneof];
          if (set !== undefined) fail(`only one of ${set} and ${key} may be set`);
          oneofs[field.oneof] = key;
        }
      }
    } catch (error) {
      if (error instanceof FieldError) error.path.push(`.${key}`);
      throw error;
    }
  }
}

/** Runs `walk` on `list[i]` for each i, adding `.key[i]` to the path of a FieldError. */
function eachOf(object: Record<string, unknown>, key: string, walk: (item: unknown) => void): void {
  const list = object[key];
  if (list === undefined || list === null) return;
  try {
    if (!Array.isArray(list)) fail(`expected an array, got ${show(list)}`);
    for (let i = 0; i < (list as unknown[]).length; i++) {
      try {
        walk((list as unknown[])[i]);
      } catch (error) {
        if (error instanceof FieldError) error.path.push(`[${i}]`);
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof FieldError) error.path.push(`.${key}`);
    throw error;
  }
}

function schemaUrl(object: Record<string, unknown>): string {
  const url = object.schemaUrl;
  if (url === undefined || url === null) return '';
  if (typeof url !== 'string') {
    const error = new FieldError(`expected a string, got ${show(url)}`);
    error.path.push('.schemaUrl');
    throw error;
  }
  return url;
}

/** `object[key]` checked and converted in place as a protobufjs message would hold it (resource, scope). */
function level<T>(object: Record<string, unknown>, key: string, rule: MessageRule, depth: number): T | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  try {
    checkInPlace(value, rule, depth);
  } catch (error) {
    if (error instanceof FieldError) error.path.push(`.${key}`);
    throw error;
  }
  return value as T;
}

const RULES = {
  resource: ruleOf(levelTypes.resource),
  scope: ruleOf(levelTypes.scope),
  traces: ruleOf(levelTypes.traces),
  logs: ruleOf(levelTypes.logs),
};

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldError(notObject(value));
  return value as Record<string, unknown>;
}

/**
 * An OTLP/JSON trace or logs request as the protobuf path's raw entries (raw-records.ts): resources
 * and scopes as checked objects, each span or log record checked field by field and written straight
 * into protobuf bytes from the parsed JSON (lowerCamelCase keys, hex ids, enums as integers or names,
 * 64-bit integers as numbers or decimal strings, unknown fields ignored). No protobufjs message
 * objects are built for records. Throws SyntaxError for bad JSON and OtlpJsonError naming the field
 * (`resourceSpans[0].scopeSpans[0].spans[3].kind: …`).
 */
export function decodeJsonRecords(signal: SpooledSignal, body: Buffer): RawResourceEntry[] {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  const names = LEVELS[signal];
  const recordRule = RULES[signal];
  // Protobuf is shorter than its JSON for all but contrived bodies; a record that does not fit moves on.
  const writer = new RecordWriter(Math.max(1024, body.length));
  const entries: RawResourceEntry[] = [];
  withFieldPath(() =>
    eachOf(asObject(parsed), names.resources, (resourceItem) => {
      const resourceObject = asObject(resourceItem);
      const entry: RawResourceEntry = {
        resource: level<Resource>(resourceObject, 'resource', RULES.resource, 2),
        schemaUrl: schemaUrl(resourceObject),
        scopes: [],
      };
      entries.push(entry);
      eachOf(resourceObject, names.scopes, (scopeItem) => {
        const scopeObject = asObject(scopeItem);
        const scope: RawScopeEntry = {
          scope: level<InstrumentationScope>(scopeObject, 'scope', RULES.scope, 3),
          schemaUrl: schemaUrl(scopeObject),
          records: [],
        };
        entry.scopes.push(scope);
        eachOf(scopeObject, names.records, (record) => {
          for (;;) {
            const start = writer.pos;
            try {
              // The depth the whole-request walk would be at, so "nested too deep" comes at the same point.
              encodeMessage(writer, record, recordRule, 3);
              scope.records.push(writer.buf.subarray(start, writer.pos));
              return;
            } catch (error) {
              if (error !== FULL) throw error;
              writer.grow(start, body.length >> 2);
            }
          }
        });
      });
    }),
  );
  return entries;
}
