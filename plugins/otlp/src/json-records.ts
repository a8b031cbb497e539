import { isUtf8 } from 'node:buffer';
import { FieldError, fail, type MessageRule, notObject, show, withFieldPath } from './json-rules.js';
import { transcodeJsonRecords } from './json-transcode.js';
import { message as checkInPlace } from './otlp-json.js';
import type { InstrumentationScope, Resource } from './otlp-types.js';
import { LEVELS, type RawResourceEntry, type RawScopeEntry } from './raw-records.js';
import { encodeMessage, levelRules } from './record-encoder.js';
import { FULL, RecordWriter } from './record-writer.js';
import type { SpooledSignal } from './spool.js';

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

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldError(notObject(value));
  return value as Record<string, unknown>;
}

/**
 * An OTLP/JSON trace or logs request as the protobuf path's raw entries (raw-records.ts): resources
 * and scopes as checked objects, each span or log record checked field by field and written straight
 * into protobuf bytes (lowerCamelCase keys, hex ids, enums as integers or names, 64-bit integers as
 * numbers or decimal strings, unknown fields ignored). No protobufjs message objects are built for
 * records. A body in valid UTF-8 is read from its bytes (json-transcode.ts); one that path does not
 * take, and every malformed one, is parsed with JSON.parse and walked here. Throws SyntaxError for bad
 * JSON and OtlpJsonError naming the field (`resourceSpans[0].scopeSpans[0].spans[3].kind: …`).
 */
export function decodeJsonRecords(signal: SpooledSignal, body: Buffer): RawResourceEntry[] {
  return (isUtf8(body) ? transcodeJsonRecords(signal, body) : undefined) ?? decodeParsedRecords(signal, body);
}

/** The general path: JSON.parse, then each record checked and written from its object. */
export function decodeParsedRecords(signal: SpooledSignal, body: Buffer): RawResourceEntry[] {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  const names = LEVELS[signal];
  const rules = levelRules();
  const recordRule = rules[signal];
  // Protobuf is shorter than its JSON for all but contrived bodies; a record that does not fit moves on.
  const writer = new RecordWriter(Math.max(1024, body.length));
  const entries: RawResourceEntry[] = [];
  withFieldPath(() =>
    eachOf(asObject(parsed), names.resources, (resourceItem) => {
      const resourceObject = asObject(resourceItem);
      const entry: RawResourceEntry = {
        resource: level<Resource>(resourceObject, 'resource', rules.resource, 2),
        schemaUrl: schemaUrl(resourceObject),
        scopes: [],
      };
      entries.push(entry);
      eachOf(resourceObject, names.scopes, (scopeItem) => {
        const scopeObject = asObject(scopeItem);
        const scope: RawScopeEntry = {
          scope: level<InstrumentationScope>(scopeObject, 'scope', rules.scope, 3),
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
