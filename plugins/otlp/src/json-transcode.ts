import { type FieldRule, int64Bits, MAX_DEPTH, type MessageRule } from './json-rules.js';
import { message as checkInPlace } from './otlp-json.js';
import type { InstrumentationScope, Resource } from './otlp-types.js';
import { LEVELS, type RawResourceEntry, type RawScopeEntry } from './raw-records.js';
import { encodeScalar, encodeValue, LENGTH, levelRules } from './record-encoder.js';
import { FULL, HEX_VALUES, RecordWriter } from './record-writer.js';
import type { SpooledSignal } from './spool.js';

/**
 * Thrown on anything the byte-level path does not take as it stands: bad JSON, a wrong type, an
 * escaped key, a duplicate key, a second oneof member. The caller then decodes the body the general
 * way (JSON.parse and the checking walk), which accepts or refuses it with the exact message.
 */
const BAIL = Symbol('bail');
const bail = (): never => {
  throw BAIL;
};

// Characters.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Skipping an unknown value this deep gives up (the general path takes it). */
const MAX_SKIP_DEPTH = 512;

/** A message's fields by key length, for matching keys as bytes; `bit` marks a key seen once. */
interface KeyTable {
  readonly byLength: (KeyEntry[] | undefined)[];
}

interface KeyEntry {
  readonly name: Buffer;
  readonly field: FieldRule;
  readonly bit: number;
  /** The table of a message-typed field's message. */
  readonly nested: KeyTable | undefined;
}

const tables = new Map<MessageRule, KeyTable>();

/** Built once per message type; recursive types (AnyValue ↔ ArrayValue) share their entry. */
function tableOf(rule: MessageRule): KeyTable {
  let table = tables.get(rule);
  if (table !== undefined) return table;
  const byLength: KeyEntry[][] = [];
  table = { byLength };
  tables.set(rule, table);
  let index = 0;
  for (const [key, field] of rule.fields) {
    if (index > 30) throw new Error(`more fields than the duplicate check holds: ${key}`);
    const name = Buffer.from(key, 'latin1');
    const sameLength = byLength[name.length] ?? [];
    const nested = field.message === undefined ? undefined : tableOf(field.message);
    sameLength.push({ name, field, bit: 1 << index++, nested });
    byLength[name.length] = sameLength;
  }
  return table;
}

/** Reads JSON from bytes: positions, tokens, strings that need no unescaping. */
class Scanner {
  readonly buf: Buffer;
  pos = 0;
  /** The content of the last string read: [start, end), and whether it holds escapes. */
  start = 0;
  end = 0;
  escaped = false;
  /** The last number read, when it is an integer of at most 15 digits (exact as a double). */
  integer: number | undefined;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  /** The next character after white space (NaN at the end). */
  peek(): number {
    const buf = this.buf;
    let pos = this.pos;
    let c = buf[pos] as number;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++pos] as number;
    this.pos = pos;
    return pos < buf.length ? c : Number.NaN;
  }

  expect(c: number): void {
    if (this.peek() !== c) bail();
    this.pos++;
  }

  /** After a value: true on `,`, false on `close`. */
  more(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === COMMA) return true;
    if (c !== close) bail();
    return false;
  }

  /** A string at pos (its opening quote); valid escapes are checked, not decoded. */
  string(): void {
    const buf = this.buf;
    let pos = this.pos + 1;
    this.start = pos;
    this.escaped = false;
    for (;;) {
      if (pos >= buf.length) bail();
      const c = buf[pos] as number;
      if (c === QUOTE) break;
      if (c < 0x20) bail();
      if (c === BACKSLASH) {
        this.escaped = true;
        const next = buf[pos + 1];
        if (next === 0x75) {
          // \uXXXX
          for (let i = 2; i < 6; i++) if ((HEX_VALUES[buf[pos + i] as number] ?? -1) < 0) bail();
          pos += 6;
          continue;
        }
        if (
          next !== QUOTE &&
          next !== BACKSLASH &&
          next !== 0x2f &&
          next !== 0x62 &&
          next !== 0x66 &&
          next !== 0x6e &&
          next !== 0x72 &&
          next !== 0x74
        )
          bail();
        pos += 2;
        continue;
      }
      pos++;
    }
    this.end = pos;
    this.pos = pos + 1;
  }

  /** A number at pos, by JSON's grammar; sets `integer` when it is a short integer. */
  number(): void {
    const buf = this.buf;
    let pos = this.pos;
    const negative = buf[pos] === MINUS;
    if (negative) pos++;
    const digitsFrom = pos;
    let c = buf[pos] as number;
    if (c === ZERO) c = buf[++pos] as number;
    else if (c > ZERO && c <= NINE) {
      let value = 0;
      while (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        c = buf[++pos] as number;
      }
      this.integer = pos - digitsFrom <= 15 ? (negative ? -value : value) : undefined;
    } else bail();
    if (pos - digitsFrom === 1 && buf[digitsFrom] === ZERO) this.integer = negative ? -0 : 0;
    let fraction = false;
    if (c === 0x2e) {
      fraction = true;
      c = buf[++pos] as number;
      if (!(c >= ZERO && c <= NINE)) bail();
      while (c >= ZERO && c <= NINE) c = buf[++pos] as number;
    }
    if (c === 0x65 || c === 0x45) {
      fraction = true;
      c = buf[++pos] as number;
      if (c === 0x2b || c === MINUS) c = buf[++pos] as number;
      if (!(c >= ZERO && c <= NINE)) bail();
      while (c >= ZERO && c <= NINE) c = buf[++pos] as number;
    }
    if (fraction) this.integer = undefined;
    this.pos = pos;
  }

  /** `true`, `false` or `null` at pos; returns which. */
  literal(): boolean | null {
    const buf = this.buf;
    const pos = this.pos;
    if (buf[pos] === 0x74 && buf[pos + 1] === 0x72 && buf[pos + 2] === 0x75 && buf[pos + 3] === 0x65) {
      this.pos += 4;
      return true;
    }
    if (
      buf[pos] === 0x66 &&
      buf[pos + 1] === 0x61 &&
      buf[pos + 2] === 0x6c &&
      buf[pos + 3] === 0x73 &&
      buf[pos + 4] === 0x65
    ) {
      this.pos += 5;
      return false;
    }
    if (buf[pos] === 0x6e && buf[pos + 1] === 0x75 && buf[pos + 2] === 0x6c && buf[pos + 3] === 0x6c) {
      this.pos += 4;
      return null;
    }
    return bail();
  }

  /** Any value, checked and passed over. */
  skip(depth: number): void {
    if (depth > MAX_SKIP_DEPTH) bail();
    const c = this.peek();
    if (c === QUOTE) this.string();
    else if (c === OPEN_OBJECT) {
      this.pos++;
      if (this.peek() === CLOSE_OBJECT) {
        this.pos++;
        return;
      }
      do {
        if (this.peek() !== QUOTE) bail();
        this.string();
        this.expect(COLON);
        this.skip(depth + 1);
      } while (this.more(CLOSE_OBJECT));
    } else if (c === OPEN_ARRAY) {
      this.pos++;
      if (this.peek() === CLOSE_ARRAY) {
        this.pos++;
        return;
      }
      do this.skip(depth + 1);
      while (this.more(CLOSE_ARRAY));
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) this.number();
    else this.literal();
  }

  /** The value at pos as JSON.parse gives it (for the cases read the general way). */
  parse(): unknown {
    this.peek();
    const from = this.pos;
    this.skip(0);
    return JSON.parse(this.buf.toString('utf8', from, this.pos));
  }

  /** The key at pos (a string without escapes), matched against `table`; undefined for an unknown key. */
  key(table: KeyTable): KeyEntry | undefined {
    if (this.peek() !== QUOTE) bail();
    const buf = this.buf;
    const start = this.pos + 1;
    let pos = start;
    for (;;) {
      if (pos >= buf.length) bail();
      const c = buf[pos] as number;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) bail();
      pos++;
    }
    this.pos = pos + 1;
    const candidates = table.byLength[pos - start];
    if (candidates === undefined) return undefined;
    for (let k = 0; k < candidates.length; k++) {
      const candidate = candidates[k] as KeyEntry;
      const name = candidate.name;
      let i = 0;
      while (i < name.length && name[i] === buf[start + i]) i++;
      if (i === name.length) return candidate;
    }
    return undefined;
  }
}

/** Decimal digits of the last string read as a 64-bit integer into int64Bits, as json-rules' int64 takes them. */
function decimalString(s: Scanner, signed: boolean): boolean {
  const buf = s.buf;
  let pos = s.start;
  const end = s.end;
  const negative = buf[pos] === MINUS;
  if (negative) {
    if (!signed) return false;
    pos++;
  }
  if (pos === end) return false;
  let low = 0;
  let high = 0;
  for (; pos < end; pos++) {
    const digit = (buf[pos] as number) - ZERO;
    if (digit < 0 || digit > 9) return false;
    low = low * 10 + digit;
    const carry = Math.floor(low / 4_294_967_296);
    low -= carry * 4_294_967_296;
    high = high * 10 + carry;
    if (high >= 4_294_967_296) return false;
  }
  if (signed && (high > 0x8000_0000 || (high === 0x8000_0000 && (low > 0 || !negative)))) return false;
  int64Bits.low = low;
  int64Bits.high = high;
  if (negative) {
    int64Bits.low = (~low + 1) >>> 0;
    int64Bits.high = (~high + (int64Bits.low === 0 ? 1 : 0)) >>> 0;
  }
  return true;
}

/** Writes the hex id of the last string read; false when it is not hex. */
function hexBytes(s: Scanner, w: RecordWriter): boolean {
  const buf = s.buf;
  const length = s.end - s.start;
  w.ensure(1 + (length >> 1));
  const out = w.buf;
  let pos = w.pos;
  out[pos++] = length >> 1;
  for (let i = s.start; i < s.end; i += 2) {
    const high = HEX_VALUES[buf[i] as number] ?? -1;
    const low = HEX_VALUES[buf[i + 1] as number] ?? -1;
    if ((high | low) < 0) return false;
    out[pos++] = (high << 4) | low;
  }
  w.pos = pos;
  return true;
}

/** Copies the bytes of the last string read (valid UTF-8: the body was checked) as a string field's value. */
function rawString(s: Scanner, w: RecordWriter): void {
  const length = s.end - s.start;
  w.ensure(5 + length);
  w.uint32(length);
  if (length < 32) {
    const out = w.buf;
    const buf = s.buf;
    let pos = w.pos;
    for (let i = s.start; i < s.end; i++) out[pos++] = buf[i] as number;
    w.pos = pos;
  } else {
    s.buf.copy(w.buf, w.pos, s.start, s.end);
    w.pos += length;
  }
}

/** One value of `field` at pos: the usual shapes written straight from the bytes, others read as JSON first. */
function value(s: Scanner, w: RecordWriter, entry: KeyEntry, depth: number): void {
  const field = entry.field;
  const c = s.peek();
  const from = s.pos;
  const tag = field.id << 3;
  switch (field.kind) {
    case 'message':
      if (c !== OPEN_OBJECT) break;
      w.uint32(tag | LENGTH);
      {
        const slot = w.beginLength();
        message(s, w, entry.nested as KeyTable, depth + 1);
        w.endLength(slot);
      }
      return;
    case 'string':
      if (c !== QUOTE) break;
      s.string();
      if (s.escaped) break;
      w.uint32(tag | LENGTH);
      rawString(s, w);
      return;
    case 'hex': {
      if (c !== QUOTE) break;
      s.string();
      const length = s.end - s.start;
      if (s.escaped || (length !== 0 && length !== 2 * (field.idBytes as number))) break;
      w.uint32(tag | LENGTH);
      if (!hexBytes(s, w)) bail();
      return;
    }
    case 'int64':
    case 'uint64':
      if (c === QUOTE) {
        s.string();
        if (s.escaped || !decimalString(s, field.kind === 'int64')) break;
        if (field.type === 'fixed64' || field.type === 'sfixed64') {
          w.uint32(tag | 1);
          w.fixed64();
          return;
        }
        if (field.type === 'sint64') break;
        w.uint32(tag);
        w.varint64();
        return;
      }
      if (c === MINUS || (c >= ZERO && c <= NINE)) {
        s.number();
        if (s.integer === undefined) break;
        encodeScalar(w, s.integer, field);
        return;
      }
      break;
    case 'enum':
    case 'int32':
    case 'uint32':
    case 'double':
      if (c === MINUS || (c >= ZERO && c <= NINE)) {
        s.number();
        if (s.integer === undefined) break;
        encodeScalar(w, s.integer, field);
        return;
      }
      break;
    case 'bool':
      if (c === 0x74 || c === 0x66) {
        encodeScalar(w, s.literal(), field);
        return;
      }
      break;
  }
  // Anything else: read as JSON.parse would, then checked and written as the general path does.
  s.pos = from;
  encodeValue(w, s.parse(), field, depth);
}

/** The message at pos (`{`), written field by field in the order of its keys. */
function message(s: Scanner, w: RecordWriter, table: KeyTable, depth: number): void {
  if (depth > MAX_DEPTH) bail();
  s.expect(OPEN_OBJECT);
  if (s.peek() === CLOSE_OBJECT) {
    s.pos++;
    return;
  }
  let seen = 0;
  let oneof = false;
  do {
    const known = s.key(table);
    s.expect(COLON);
    if (known === undefined) {
      s.skip(depth);
      continue;
    }
    if ((seen & known.bit) !== 0) bail();
    seen |= known.bit;
    const field = known.field;
    const c = s.peek();
    if (c === 0x6e) {
      s.literal();
      continue;
    }
    if (field.repeated) {
      s.expect(OPEN_ARRAY);
      if (s.peek() === CLOSE_ARRAY) s.pos++;
      else {
        do value(s, w, known, depth);
        while (s.more(CLOSE_ARRAY));
      }
      continue;
    }
    if (field.oneof !== undefined) {
      if (oneof) bail();
      oneof = true;
    }
    value(s, w, known, depth);
  } while (s.more(CLOSE_OBJECT));
}

/** Runs `item` for each element of the array at pos (`null` is no elements). */
function each(s: Scanner, item: () => void): void {
  if (s.peek() === 0x6e) {
    s.literal();
    return;
  }
  s.expect(OPEN_ARRAY);
  if (s.peek() === CLOSE_ARRAY) {
    s.pos++;
    return;
  }
  do item();
  while (s.more(CLOSE_ARRAY));
}

/** The keys of the object at pos, each given to `field` with the scanner at its value; duplicates give up. */
function fields(s: Scanner, names: readonly string[], field: (index: number) => void): void {
  const table = levelTables.get(names) ?? bail();
  s.expect(OPEN_OBJECT);
  if (s.peek() === CLOSE_OBJECT) {
    s.pos++;
    return;
  }
  let seen = 0;
  do {
    const known = s.key(table);
    s.expect(COLON);
    if (known === undefined) s.skip(0);
    else {
      if ((seen & known.bit) !== 0) bail();
      seen |= known.bit;
      field(known.field.id);
    }
  } while (s.more(CLOSE_OBJECT));
}

/** Key tables of the request levels, the "field id" being the index in `names`. */
const levelTables = new Map<readonly string[], KeyTable>();
function levelNames(...names: string[]): readonly string[] {
  const fieldsByName = new Map<string, FieldRule>(
    names.map((name, id) => [name, { kind: 'message', id, type: name, repeated: false }]),
  );
  levelTables.set(names, tableOf({ fields: fieldsByName, oneofs: [] }));
  return names;
}

const NAMES = {
  traces: {
    request: levelNames(LEVELS.traces.resources),
    resource: levelNames('resource', LEVELS.traces.scopes, 'schemaUrl'),
    scope: levelNames('scope', LEVELS.traces.records, 'schemaUrl'),
  },
  logs: {
    request: levelNames(LEVELS.logs.resources),
    resource: levelNames('resource', LEVELS.logs.scopes, 'schemaUrl'),
    scope: levelNames('scope', LEVELS.logs.records, 'schemaUrl'),
  },
};

/** A resource or scope: read as JSON, checked and converted in place as the general path does. */
function levelObject<T>(s: Scanner, rule: MessageRule, depth: number): T | null {
  const parsed = s.parse();
  if (parsed === null) return null;
  checkInPlace(parsed, rule, depth);
  return parsed as T;
}

function schemaUrl(s: Scanner): string {
  const parsed = s.parse();
  if (parsed === null) return '';
  return typeof parsed === 'string' ? parsed : bail();
}

/**
 * The byte-level path of json-records.ts: an OTLP/JSON trace or logs request (valid UTF-8) read
 * from its bytes, each span or log record written into protobuf as its keys come, without building
 * the body's string or its objects (resources and scopes, small, are parsed). Gives the same entries
 * as the general path, or undefined for anything it does not take as it stands; any error is
 * left to the general path to word.
 */
export function transcodeJsonRecords(signal: SpooledSignal, body: Buffer): RawResourceEntry[] | undefined {
  const s = new Scanner(body);
  const names = NAMES[signal];
  const rules = levelRules();
  const recordTable = tableOf(rules[signal]);
  // Protobuf takes about half the bytes of its OTLP/JSON; a record that does not fit moves to a new buffer.
  const writer = new RecordWriter(1024 + (body.length >> 1));
  const entries: RawResourceEntry[] = [];
  try {
    fields(s, names.request, () =>
      each(s, () => {
        const entry: RawResourceEntry = { resource: null, schemaUrl: '', scopes: [] };
        entries.push(entry);
        fields(s, names.resource, (id) => {
          if (id === 0) entry.resource = levelObject<Resource>(s, rules.resource, 2);
          else if (id === 2) entry.schemaUrl = schemaUrl(s);
          else
            each(s, () => {
              const scope: RawScopeEntry = { scope: null, schemaUrl: '', records: [] };
              entry.scopes.push(scope);
              fields(s, names.scope, (scopeId) => {
                if (scopeId === 0) scope.scope = levelObject<InstrumentationScope>(s, rules.scope, 3);
                else if (scopeId === 2) scope.schemaUrl = schemaUrl(s);
                else each(s, () => scope.records.push(record(s, writer, recordTable, body.length)));
              });
            });
        });
      }),
    );
    if (!Number.isNaN(s.peek())) bail();
  } catch (error) {
    // FieldError (a wrong type) included: the general path words it.
    if (error === BAIL || error instanceof Error) return undefined;
    throw error;
  }
  return entries;
}

/** One span or log record at pos, as a view of the writer's buffer (written again into a larger one if it did not fit). */
function record(s: Scanner, writer: RecordWriter, table: KeyTable, bodyLength: number): Buffer {
  for (;;) {
    const from = s.pos;
    const start = writer.pos;
    try {
      // At the depth the general path's walk would be, so "nested too deep" comes at the same point.
      message(s, writer, table, 3);
      return writer.buf.subarray(start, writer.pos);
    } catch (error) {
      if (error !== FULL) throw error;
      s.pos = from;
      writer.grow(start, bodyLength >> 2);
    }
  }
}
