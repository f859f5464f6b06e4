type Nested = { [key: string]: Nested | string };

/** `{0: a, 1: b}` → `[a, b]`, recursively, as PHP arrays with list keys read as JSON arrays. */
function listsToArrays(value: Nested | string): unknown {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, listsToArrays(value[k])]));
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
  return isList ? keys.map((k) => converted[k]) : converted;
}

/**
 * Reads a query string as PHP does: `+` is a space, and bracketed names build nested arrays, so
 * `filter[0][$or][][name][$starts]=A` arrives as `{ filter: [{ $or: [{ name: { $starts: 'A' } }] }] }`.
 */
export function parsePhpQuery(search: string): Record<string, unknown> {
  const root: Nested = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    const rawKey = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const bracket = rawKey.indexOf('[');
    const path = bracket < 0 ? [rawKey] : [rawKey.slice(0, bracket), ...[...rawKey.slice(bracket).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1])];
    let node = root;
    path.forEach((segment, i) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (i === path.length - 1) node[key] = value;
      else node = (typeof node[key] === 'object' ? node[key] : (node[key] = {})) as Nested;
    });
  }
  return listsToArrays(root) as Record<string, unknown>;
}
