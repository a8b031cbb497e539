import type { z } from 'zod';
import { changedPaths, splitPath } from './paths.js';
import { locate } from './schema-walk.js';

/** The dot paths that differ between two configs and that the schema marks `restartRequired`. */
export function restartRequiredChanges(schema: z.ZodType, before: unknown, after: unknown): string[] {
  return changedPaths(before, after).filter((path) => locate(schema, splitPath(path)).meta.restartRequired);
}
