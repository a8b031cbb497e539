import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutriderError } from '@outrider/core';
import { cacheErrors } from './error-codes.js';

const FORMAT = 'outrider-cache-snapshot';

/** One entry on disk: lru-cache's dump entry (`start` in epoch ms) plus its tags. */
export interface SnapshotEntry {
  value: unknown;
  ttl?: number;
  start?: number;
  tags?: string[];
}

export interface SnapshotFile {
  format: typeof FORMAT;
  version: 1;
  cache: string;
  savedAt: string;
  entries: Array<[string, SnapshotEntry]>;
}

/** Writes `data` as JSON to a temporary file next to `path`, fsyncs it, then renames it over `path`. */
export async function writeSnapshot(
  path: string,
  cache: string,
  entries: Array<[string, SnapshotEntry]>,
): Promise<void> {
  const file: SnapshotFile = { format: FORMAT, version: 1, cache, savedAt: new Date().toISOString(), entries };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify(file));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

function corrupt(path: string, why: string, cause?: unknown): OutriderError {
  return cacheErrors.create('OUTRIDER_CACHE_SNAPSHOT_INVALID', `cache snapshot ${path}: ${why}`, {
    cause,
    details: { path },
  });
}

function isEntry(value: unknown): value is [string, SnapshotEntry] {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return false;
  const entry: unknown = value[1];
  if (typeof entry !== 'object' || entry === null || !('value' in entry)) return false;
  const { ttl, start, tags } = entry as SnapshotEntry;
  return (
    (ttl === undefined || typeof ttl === 'number') &&
    (start === undefined || typeof start === 'number') &&
    (tags === undefined || (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')))
  );
}

/** The entries saved at `path`; undefined when there is no file (a first start). */
export async function readSnapshot(path: string): Promise<Array<[string, SnapshotEntry]> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let file: Partial<SnapshotFile>;
  try {
    file = JSON.parse(text) as Partial<SnapshotFile>;
  } catch (error) {
    throw corrupt(path, `is not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof file !== 'object' || file === null || file.format !== FORMAT) throw corrupt(path, `is not an ${FORMAT}`);
  if (file.version !== 1) throw corrupt(path, `has unsupported version ${String(file.version)}`);
  if (!Array.isArray(file.entries) || !file.entries.every(isEntry)) throw corrupt(path, 'has malformed entries');
  return file.entries;
}
