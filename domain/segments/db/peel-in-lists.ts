/**
 * Long `$in` lists of ids taken out of a find's filter and tested in memory instead.
 *
 * FerretDB v1 pushes no filter but `_id` equality down to SQLite: it decodes every document of the
 * collection and tests `$in` element by element, so a member filter holding two id lists of tens of
 * thousands costs (documents × ids). Reading the same documents with the rest of the filter and
 * testing each against a Set is one pass, which is what a hand-written query on this database does.
 * Only conjuncts are peeled (keys of the top-level `$and` tree): an `$in` under `$or`/`$nor` stays.
 */
import type { MongoFilter } from '../plan';

/** Shorter lists cost little on the server and keep MongoDB's index look-ups. */
export const PEEL_IN_LIST_MIN = 200;

export interface PeeledFilter {
  /** What the server still tests. */
  filter: MongoFilter;
  /** Paths and the id sets their value must hit (every one of them). */
  tests: { path: string; ids: Set<string> }[];
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length >= PEEL_IN_LIST_MIN && value.every((v) => typeof v === 'string');
}

function peelObject(filter: MongoFilter, tests: PeeledFilter['tests']): MongoFilter {
  const kept: MongoFilter = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      kept.$and = value.map((part) => peelObject(part as MongoFilter, tests));
      continue;
    }
    if (!key.startsWith('$') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const ops = value as Record<string, unknown>;
      if (Object.keys(ops).length === 1 && isStringList(ops.$in)) {
        tests.push({ path: key, ids: new Set(ops.$in) });
        continue;
      }
    }
    kept[key] = value;
  }
  return kept;
}

export function peelInLists(filter: MongoFilter): PeeledFilter {
  const tests: PeeledFilter['tests'] = [];
  return { filter: peelObject(filter, tests), tests };
}

/** The values a dotted path reaches, arrays walked into as MongoDB does. */
function valuesAt(value: unknown, parts: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, parts));
  if (parts.length === 0) return [value];
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[parts[0]], parts.slice(1));
}

/** `{ path: { $in: ids } }` for string ids: some value at the path is one of them. */
export function passesPeeledTests(doc: Record<string, unknown>, tests: PeeledFilter['tests']): boolean {
  return tests.every((test) => valuesAt(doc, test.path.split('.')).some((v) => typeof v === 'string' && test.ids.has(v)));
}

/** Distinct paths with none under another (MongoDB refuses `a` and `a.b` in one projection). */
export function projectionPaths(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((path) => !unique.some((other) => other !== path && path.startsWith(`${other}.`)));
}
