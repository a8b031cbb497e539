import type protobuf from 'protobufjs';
import type { Signal } from './proto.js';

/** A JSON body that is valid JSON but not an OTLP request. */
export class OtlpJsonError extends Error {
  override readonly name = 'OtlpJsonError';
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function listOf(parent: JsonObject, key: string): JsonObject[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpJsonError(`${key}: expected an array`);
  for (const entry of value) if (!isObject(entry)) throw new OtlpJsonError(`${key}: expected objects`);
  return value as JsonObject[];
}

/** OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping would use base64. */
function hexToBytes(holder: JsonObject, key: string): void {
  const value = holder[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !HEX.test(value)) throw new OtlpJsonError(`${key}: expected a hex string`);
  holder[key] = Buffer.from(value, 'hex');
}

function fixIds(holder: JsonObject): void {
  hexToBytes(holder, 'traceId');
  hexToBytes(holder, 'spanId');
}

function fixTraces(body: JsonObject): void {
  for (const resource of listOf(body, 'resourceSpans')) {
    for (const scope of listOf(resource, 'scopeSpans')) {
      for (const span of listOf(scope, 'spans')) {
        fixIds(span);
        hexToBytes(span, 'parentSpanId');
        for (const link of listOf(span, 'links')) fixIds(link);
      }
    }
  }
}

function fixLogs(body: JsonObject): void {
  for (const resource of listOf(body, 'resourceLogs')) {
    for (const scope of listOf(resource, 'scopeLogs')) {
      for (const record of listOf(scope, 'logRecords')) fixIds(record);
    }
  }
}

const POINT_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function fixMetrics(body: JsonObject): void {
  for (const resource of listOf(body, 'resourceMetrics')) {
    for (const scope of listOf(resource, 'scopeMetrics')) {
      for (const metric of listOf(scope, 'metrics')) {
        for (const kind of POINT_KINDS) {
          const data = metric[kind];
          if (!isObject(data)) continue;
          for (const point of listOf(data, 'dataPoints'))
            for (const exemplar of listOf(point, 'exemplars')) fixIds(exemplar);
        }
      }
    }
  }
}

const FIXES: Record<Signal, (body: JsonObject) => void> = { traces: fixTraces, logs: fixLogs, metrics: fixMetrics };

/**
 * An OTLP/JSON body (the OTLP/HTTP JSON mapping: lowerCamelCase keys, hex ids, enums as ints,
 * 64-bit integers as strings or numbers) as the protobufjs message the protobuf path decodes to.
 * Throws SyntaxError or OtlpJsonError for a body that is not one.
 */
export function decodeOtlpJson(text: string, signal: Signal, type: protobuf.Type): protobuf.Message {
  const body: unknown = JSON.parse(text);
  if (!isObject(body)) throw new OtlpJsonError('expected a JSON object');
  FIXES[signal](body);
  try {
    return type.fromObject(body);
  } catch (error) {
    throw new OtlpJsonError(error instanceof Error ? error.message : String(error));
  }
}
