import type protobuf from 'protobufjs';

/** A JSON body that is valid JSON but not an OTLP request; the message names the field. */
export class OtlpJsonError extends Error {
  override readonly name = 'OtlpJsonError';
}

/** Raised inside a walk; the path is filled in as it unwinds (nothing is built on the way down). */
export class FieldError extends Error {
  readonly path: string[] = [];
}

/** Runs `walk`, turning a FieldError into an OtlpJsonError that names the field (`a[0].b: …`). */
export function withFieldPath<T>(walk: () => T): T {
  try {
    return walk();
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const path = error.path.reverse().join('').replace(/^\./, '');
    throw new OtlpJsonError(path === '' ? error.message : `${path}: ${error.message}`);
  }
}

/** How a field's JSON value is checked (protobuf's JSON mapping, with OTLP's hex ids). */
export type Kind =
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

export interface FieldRule {
  readonly kind: Kind;
  /** The .proto field number and type (`fixed64`, `sint32`, a message's name…), for encoding. */
  readonly id: number;
  readonly type: string;
  readonly repeated: boolean;
  readonly message?: MessageRule;
  readonly enumValues?: Readonly<Record<string, number>>;
  /** For a hex id: the bytes it must have when not empty. */
  readonly idBytes?: number;
  /** The oneof this field belongs to. */
  readonly oneof?: string;
}

export interface MessageRule {
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

/** OTLP/JSON writes these as hex (protobuf's JSON mapping would use base64), of this many bytes. */
const HEX_FIELDS: Record<string, number> = { traceId: 16, spanId: 8, parentSpanId: 8 };

const rules = new Map<protobuf.Type, MessageRule>();

/** The rule for `type`, built once from the .proto reflection; recursive types share their entry. */
export function ruleOf(type: protobuf.Type): MessageRule {
  let rule = rules.get(type);
  if (rule !== undefined) return rule;
  const fields = new Map<string, FieldRule>();
  rule = { fields, oneofs: type.oneofsArray.map((oneof) => oneof.name) };
  rules.set(type, rule);
  for (const field of type.fieldsArray) {
    const resolved = field.resolve().resolvedType;
    const base = {
      id: field.id,
      type: field.type,
      repeated: field.repeated,
      ...(field.partOf ? { oneof: field.partOf.name } : {}),
    };
    const idBytes = HEX_FIELDS[field.name];
    if (resolved !== null && 'fieldsArray' in resolved) {
      fields.set(field.name, { ...base, kind: 'message', message: ruleOf(resolved as protobuf.Type) });
    } else if (resolved !== null && 'values' in resolved) {
      fields.set(field.name, { ...base, kind: 'enum', enumValues: (resolved as protobuf.Enum).values });
    } else if (field.type === 'bytes' && idBytes !== undefined) {
      fields.set(field.name, { ...base, kind: 'hex', idBytes });
    } else {
      const kind = SCALARS[field.type];
      if (kind === undefined) throw new Error(`no OTLP/JSON rule for ${type.name}.${field.name} (${field.type})`);
      fields.set(field.name, { ...base, kind });
    }
  }
  return rule;
}

/** Deeper than any real OTLP value (AnyValue arrays in arrays); bounds a walk on hostile input. */
export const MAX_DEPTH = 64;
const DECIMAL = /^-?\d+$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export const fail = (message: string): never => {
  throw new FieldError(message);
};

export const show = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);

export function notObject(value: unknown): string {
  return `expected an object, got ${Array.isArray(value) ? 'an array' : show(value)}`;
}

export function integer(value: unknown, min: number, max: number, what: string): number {
  const number = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    return fail(`expected ${what}, got ${show(value)}`);
  }
  return number;
}

export const enumValue = (value: unknown, field: FieldRule): number =>
  typeof value === 'string' && field.enumValues?.[value] !== undefined
    ? field.enumValues[value]
    : integer(value, -2_147_483_648, 2_147_483_647, 'an enum value (integer)');

export function double(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : fail('expected a finite number');
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  return fail(`expected a number, got ${show(value)}`);
}

export function hexId(value: unknown, field: FieldRule): string {
  if (typeof value !== 'string' || !HEX.test(value)) return fail(`expected a hex string, got ${show(value)}`);
  const bytes = field.idBytes as number;
  if (value.length !== 0 && value.length !== 2 * bytes) {
    return fail(`expected a hex string of ${bytes} bytes (${2 * bytes} digits) or "", got ${show(value)}`);
  }
  return value;
}

export function base64(value: unknown): string {
  if (typeof value !== 'string' || !BASE64.test(value)) return fail(`expected base64, got ${show(value)}`);
  return value;
}

const TWO_32 = 4_294_967_296;
/** The two 32-bit halves (two's complement) of the last 64-bit integer `int64` checked. */
export const int64Bits = { low: 0, high: 0 };

function negate(): void {
  int64Bits.low = (~int64Bits.low + 1) >>> 0;
  int64Bits.high = (~int64Bits.high + (int64Bits.low === 0 ? 1 : 0)) >>> 0;
}

/**
 * A 64-bit integer as a number (exact below 2^53) or its decimal text, range-checked either way;
 * returned as given, its bits left in `int64Bits`.
 */
export function int64(value: unknown, signed: boolean): number | string {
  const what = signed ? 'a 64-bit integer' : 'an unsigned 64-bit integer';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || (!signed && value < 0)) return fail(`expected ${what}, got ${show(value)}`);
    if (Math.abs(value) >= 2 ** 63) return fail(`expected ${what}, got ${show(value)} (out of range)`);
    const magnitude = Math.abs(value);
    int64Bits.low = magnitude >>> 0;
    int64Bits.high = Math.floor(magnitude / TWO_32) >>> 0;
    if (value < 0) negate();
    return value;
  }
  if (typeof value !== 'string' || value.length === 0) {
    return fail(`expected ${what} (a number or decimal string), got ${show(value)}`);
  }
  const negative = value.charCodeAt(0) === 45; // '-'
  if ((negative && !signed) || (negative && value.length === 1)) {
    return fail(`expected ${what} (a number or decimal string), got ${show(value)}`);
  }
  // Decimal digits into two 32-bit halves; every step is exact in doubles.
  let low = 0;
  let high = 0;
  for (let i = negative ? 1 : 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return fail(`expected ${what} (a number or decimal string), got ${show(value)}`);
    low = low * 10 + digit;
    const carry = Math.floor(low / TWO_32);
    low -= carry * TWO_32;
    high = high * 10 + carry;
    if (high >= TWO_32) return fail(`expected ${what}, got ${show(value)} (out of range)`);
  }
  // Signed: the magnitude may reach 2^63 for a negative value, 2^63 - 1 for a positive one.
  if (signed && (high > 0x8000_0000 || (high === 0x8000_0000 && (low > 0 || !negative)))) {
    return fail(`expected ${what}, got ${show(value)} (out of range)`);
  }
  int64Bits.low = low;
  int64Bits.high = high;
  if (negative) negate();
  return value;
}
