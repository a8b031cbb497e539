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
} from './json-rules.js';
import { otlpProto } from './proto.js';
import type { RecordWriter } from './record-writer.js';

export interface LevelRules {
  readonly resource: MessageRule;
  readonly scope: MessageRule;
  readonly traces: MessageRule;
  readonly logs: MessageRule;
}

let levelRulesMade: LevelRules | undefined;

/** The rules of the levels of a trace or logs request that json-records.ts reads (made on first use). */
export function levelRules(): LevelRules {
  if (levelRulesMade === undefined) {
    const { levelTypes } = otlpProto();
    levelRulesMade = {
      resource: ruleOf(levelTypes.resource),
      scope: ruleOf(levelTypes.scope),
      traces: ruleOf(levelTypes.traces),
      logs: ruleOf(levelTypes.logs),
    };
  }
  return levelRulesMade;
}

// Wire types.
export const VARINT = 0;
const FIXED64 = 1;
export const LENGTH = 2;
const FIXED32 = 5;

export function encodeScalar(w: RecordWriter, value: unknown, field: FieldRule): void {
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

export function encodeValue(w: RecordWriter, value: unknown, field: FieldRule, depth: number): void {
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
export function encodeMessage(w: RecordWriter, input: unknown, rule: MessageRule, depth: number): void {
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
