import {
  base64,
  double,
  enumValue,
  FieldError,
  type FieldRule,
  fail,
  hexId,
  int64,
  integer,
  MAX_DEPTH,
  type MessageRule,
  notObject,
  ruleOf,
  show,
  withFieldPath,
} from './json-rules.js';
import { otlpProto, type Signal } from './proto.js';

let requestRules: Record<Signal, MessageRule> | undefined;

/** The rules of each signal's request (made on first use). */
function requestRuleOf(signal: Signal): MessageRule {
  if (requestRules === undefined) {
    const { codecs } = otlpProto();
    requestRules = {
      traces: ruleOf(codecs.traces.request),
      metrics: ruleOf(codecs.metrics.request),
      logs: ruleOf(codecs.logs.request),
    };
  }
  return requestRules[signal];
}

function scalar(value: unknown, field: FieldRule): unknown {
  switch (field.kind) {
    case 'string':
      return typeof value === 'string' ? value : fail(`expected a string, got ${show(value)}`);
    case 'bool':
      return typeof value === 'boolean' ? value : fail(`expected true or false, got ${show(value)}`);
    case 'double':
      return double(value);
    case 'int32':
      return integer(value, -2_147_483_648, 2_147_483_647, 'a 32-bit integer');
    case 'uint32':
      return integer(value, 0, 4_294_967_295, 'an unsigned 32-bit integer');
    case 'int64':
      return int64(value, true);
    case 'uint64':
      return int64(value, false);
    case 'enum':
      return enumValue(value, field);
    case 'hex':
      return Buffer.from(hexId(value, field), 'hex');
    case 'bytes':
      return Buffer.from(base64(value), 'base64');
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
export function message(input: unknown, rule: MessageRule, depth: number): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FieldError(notObject(input));
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
 * An OTLP/JSON body (lowerCamelCase keys, hex ids, enums as integers or names, 64-bit integers as
 * numbers or strings), checked field by field against the .proto definitions and converted in place
 * to the shape protobufjs messages have (used for metrics; traces and logs go to json-records.ts).
 * No protobufjs message objects are built. Throws SyntaxError for bad JSON and OtlpJsonError naming
 * the field (`resourceMetrics[0].scopeMetrics[0].metrics[3].name: …`) for a wrong type.
 */
export function decodeOtlpJson(text: string, signal: Signal): Record<string, unknown> {
  const body: unknown = JSON.parse(text);
  withFieldPath(() => message(body, requestRuleOf(signal), 0));
  return body as Record<string, unknown>;
}
