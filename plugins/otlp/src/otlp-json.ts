import type protobuf from 'protobufjs';
import { codecs, type Signal } from './proto.js';

/** A JSON body that is valid JSON but not an OTLP request; the message names the field. */
export class OtlpJsonError extends Error {
  override readonly name = 'OtlpJsonError';
}

/** Raised inside the walk; the path is filled in as it unwinds (nothing is built on the way down). */
class FieldError extends Error {
  readonly path: string[] = [];
}

type Kind =
  | 'message'
  | 'enum'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'double'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'hex';

interface FieldRule {
  readonly kind: Kind;
  readonly repeated: boolean;
  readonly message?: MessageRule;
  readonly enumValues?: Readonly<Record<string, number>>;
  /** The oneof this field belongs to: its name is set to the field's, as protobufjs messages have it. */
  readonly oneof?: string;
}

interface MessageRule {
  readonly fields: Map<string, FieldRule>;
  readonly oneofs: readonly string[];
}

const SCALARS: Record<string, Kind> = {
  double: 'double',
  float: 'double',
  int32: 'int32',
  sint32: 'int32',
  sfixed32: 'int32',
  uint32: 'uint32',
  fixed32: 'uint32',
  int64: 'int64',
  sint64: 'int64',
  sfixed64: 'int64',
  uint64: 'uint64',
  fixed64: 'uint64',
  bool: 'bool',
  string: 'string',
  bytes: 'bytes',
};

/** OTLP/JSON writes these as hex, where protobuf's JSON mapping would use base64. */
const HEX_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

const rules = new Map<protobuf.Type, MessageRule>();

/** The rule for `type`, built once from the .proto reflection; recursive types share their entry. */
function ruleOf(type: protobuf.Type): MessageRule {
  let rule = rules.get(type);
  if (rule !== undefined) return rule;
  const fields = new Map<string, FieldRule>();
  rule = { fields, oneofs: type.oneofsArray.map((oneof) => oneof.name) };
  rules.set(type, rule);
  for (const field of type.fieldsArray) {
    const resolved = field.resolve().resolvedType;
    const base = { repeated: field.repeated, ...(field.partOf ? { oneof: field.partOf.name } : {}) };
    if (resolved !== null && 'fieldsArray' in resolved) {
      fields.set(field.name, { ...base, kind: 'message', message: ruleOf(resolved as protobuf.Type) });
    } else if (resolved !== null && 'values' in resolved) {
      fields.set(field.name, { ...base, kind: 'enum', enumValues: (resolved as protobuf.Enum).values });
    } else {
      const kind = field.type === 'bytes' && HEX_FIELDS.has(field.name) ? 'hex' : SCALARS[field.type];
      if (kind === undefined) throw new Error(`no OTLP/JSON rule for ${type.name}.${field.name} (${field.type})`);
      fields.set(field.name, { ...base, kind });
    }
  }
  return rule;
}

const REQUEST_RULES: Record<Signal, MessageRule> = {
  traces: ruleOf(codecs.traces.request),
  metrics: ruleOf(codecs.metrics.request),
  logs: ruleOf(codecs.logs.request),
};

/** Deeper than any real OTLP value (AnyValue arrays in arrays); bounds the walk on hostile input. */
const MAX_DEPTH = 64;
const DECIMAL = /^-?\d+$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const UINT64_MAX = 18_446_744_073_709_551_615n;
const INT64_MIN = -9_223_372_036_854_775_808n;
const INT64_MAX = 9_223_372_036_854_775_807n;

const fail = (message: string): never => {
  throw new FieldError(message);
};

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value));

function integer(value: unknown, min: number, max: number, what: string): number {
  const number = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    return fail(`expected ${what}, got ${show(value)}`);
  }
  return number;
}

/** A 64-bit integer as a number (exact below 2^53) or its decimal text; range-checked either way. */
function int64(value: unknown, signed: boolean): number | string {
  const what = signed ? 'a 64-bit integer' : 'an unsigned 64-bit integer';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || (!signed && value < 0)) return fail(`expected ${what}, got ${show(value)}`);
    if (Math.abs(value) >= 2 ** 63) return fail(`expected ${what}, got ${show(value)} (out of range)`);
    return value;
  }
  if (typeof value !== 'string' || !DECIMAL.test(value) || (!signed && value.startsWith('-'))) {
    return fail(`expected ${what} (a number or decimal string), got ${show(value)}`);
  }
  if (value.length >= 19) {
    const big = BigInt(value);
    if (signed ? big < INT64_MIN || big > INT64_MAX : big > UINT64_MAX) {
      return fail(`expected ${what}, got ${show(value)} (out of range)`);
    }
  }
  return value;
}

function scalar(value: unknown, field: FieldRule): unknown {
  switch (field.kind) {
    case 'string':
      return typeof value === 'string' ? value : fail(`expected a string, got ${show(value)}`);
    case 'bool':
      return typeof value === 'boolean' ? value : fail(`expected true or false, got ${show(value)}`);
    case 'double':
      if (typeof value === 'number') return Number.isFinite(value) ? value : fail(`expected a finite number`);
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      return fail(`expected a number, got ${show(value)}`);
    case 'int32':
      return integer(value, -2_147_483_648, 2_147_483_647, 'a 32-bit integer');
    case 'uint32':
      return integer(value, 0, 4_294_967_295, 'an unsigned 32-bit integer');
    case 'int64':
      return int64(value, true);
    case 'uint64':
      return int64(value, false);
    case 'enum': {
      if (typeof value === 'string' && field.enumValues?.[value] !== undefined) return field.enumValues[value];
      return integer(value, -2_147_483_648, 2_147_483_647, 'an enum value (integer)');
    }
    case 'hex':
      if (typeof value !== 'string' || !HEX.test(value)) return fail(`expected a hex string, got ${show(value)}`);
      return Buffer.from(value, 'hex');
    case 'bytes':
      if (typeof value !== 'string' || !BASE64.test(value)) return fail(`expected base64, got ${show(value)}`);
      return Buffer.from(value, 'base64');
    default:
      return fail(`unexpected field kind ${field.kind}`);
  }
}

function value(input: unknown, field: FieldRule, depth: number): unknown {
  if (field.kind !== 'message') return scalar(input, field);
  message(input, field.message as MessageRule, depth + 1);
  return input;
}

/**
 * Checks `input` against `rule` and converts in place what protobufjs would: ids from hex, bytes
 * from base64, enum names to numbers, `"NaN"` to NaN; sets oneof names (`value: 'stringValue'`).
 * Unknown fields are left alone (ignored, as OTLP asks of receivers).
 */
function message(input: unknown, rule: MessageRule, depth: number): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FieldError(`expected an object, got ${Array.isArray(input) ? 'an array' : show(input)}`);
  }
  if (depth > MAX_DEPTH) throw new FieldError('nested too deep');
  const object = input as Record<string, unknown>;
  for (const oneof of rule.oneofs) {
    if (object[oneof] !== undefined) object[oneof] = undefined;
  }
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
            list[i] = value(list[i], field, depth);
          } catch (error) {
            if (error instanceof FieldError) error.path.push(`[${i}]`);
            throw error;
          }
        }
      } else {
        object[key] = value(current, field, depth);
        if (field.oneof !== undefined) {
          if (object[field.oneof] !== undefined) fail(`only one of ${object[field.oneof]} and ${key} may be set`);
          object[field.oneof] = key;
        }
      }
    } catch (error) {
      if (error instanceof FieldError) error.path.push(`.${key}`);
      throw error;
    }
  }
}

/**
 * An OTLP/JSON body (lowerCamelCase keys, hex ids, enums as integers, 64-bit integers as numbers or
 * strings), checked field by field against the .proto definitions and converted in place to the
 * shape the protobuf path's messages have. No protobufjs message objects are built. Throws
 * SyntaxError for bad JSON and OtlpJsonError naming the field (`resourceSpans[0].scopeSpans[0]
 * .spans[3].kind: …`) for a wrong type.
 */
export function decodeOtlpJson(text: string, signal: Signal): Record<string, unknown> {
  const body: unknown = JSON.parse(text);
  try {
    message(body, REQUEST_RULES[signal], 0);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const path = error.path.reverse().join('').replace(/^\./, '');
    throw new OtlpJsonError(path === '' ? error.message : `${path}: ${error.message}`);
  }
  return body as Record<string, unknown>;
}
