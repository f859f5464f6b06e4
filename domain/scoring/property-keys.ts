/** MongoDB refuses documents nested deeper than 100 levels; properties are context, a few levels suffice. */
export const MAX_PROPERTIES_DEPTH = 8;

/**
 * Why an event's properties cannot be stored as they are, or null. The database refuses (or, for
 * `$` and `.`, misreads as operators and paths) keys starting with `$`, containing `.` or a NUL
 * byte; one such event would fail the whole batch's insert, so it is refused alone. Checked at every
 * level, arrays included, naming the offending key with its path.
 */
export function propertiesProblem(value: unknown, path = 'properties', depth = 0): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_PROPERTIES_DEPTH) return `${path} nests deeper than ${MAX_PROPERTIES_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = propertiesProblem(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const named = `${path}.${JSON.stringify(key)}`;
    if (key.startsWith('$')) return `property key ${named} starts with "$", which the database reserves for operators`;
    if (key.includes('.')) return `property key ${named} contains ".", which the database reads as a path`;
    if (key.includes('\0')) return `property key ${named} contains a NUL character, which the database cannot store`;
    const problem = propertiesProblem(inner, named, depth + 1);
    if (problem) return problem;
  }
  return null;
}
