/**
 * Combining MongoDB filters while compiling. Compiled parts may be known `true`/`false` (an empty
 * `all`, an operator that cannot match), which are folded away: MongoDB refuses an empty `$and`/`$or`.
 * Only operators that FerretDB v1 and MongoDB treat alike are produced: $and, $or, $nor, $in, $nin,
 * $eq, $gt, $gte, $lt, $lte and $regex.
 */
import type { MongoFilter } from './plan';

export type Compiled = boolean | MongoFilter;

export function allOf(parts: Compiled[]): Compiled {
  const kept: MongoFilter[] = [];
  for (const part of parts) {
    if (part === false) return false;
    if (part !== true) kept.push(part);
  }
  if (kept.length === 0) return true;
  return kept.length === 1 ? kept[0] : { $and: kept };
}

export function anyOf(parts: Compiled[]): Compiled {
  const kept: MongoFilter[] = [];
  for (const part of parts) {
    if (part === true) return true;
    if (part !== false) kept.push(part);
  }
  if (kept.length === 0) return false;
  return kept.length === 1 ? kept[0] : { $or: kept };
}

export function noneOf(part: Compiled): Compiled {
  if (typeof part === 'boolean') return !part;
  return { $nor: [part] };
}

/** A filter the data source can run; `false` becomes a filter nothing matches. */
export function toFilter(compiled: Compiled): MongoFilter {
  if (compiled === true) return {};
  if (compiled === false) return { _id: { $in: [] } };
  return compiled;
}

/** Escapes text for $regex so it matches literally under PCRE (MongoDB), RE2 (FerretDB) and JavaScript alike. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
