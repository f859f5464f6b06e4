/**
 * SOQL `LIKE` without regular expressions. A pattern compiled to a backtracking regex (`%` as
 * `[\s\S]*`) takes exponential time on patterns such as `%_%_%_%_%!`, and a marketer writes the
 * pattern; this matcher never backtracks.
 *
 * A pattern is literal runs (with `_` holes) separated by `%`. The first run must sit at the start,
 * the last at the end, and each run between them is taken at its leftmost place after the previous
 * one: taking it further right can only leave less room for the runs after it, so the first fit is
 * the only one worth trying. Each run is looked for once, so the work is at most text length ×
 * pattern length, however many wildcards there are (and soql-where-condition.ts caps both).
 *
 * Case-insensitive exactly as the regex it replaces (`new RegExp(…, 'i')`): each UTF-16 code unit is
 * compared by the ECMAScript "Canonicalize" rule of non-Unicode regexes, so every clause keeps
 * selecting the same records.
 */

const ONE = -1;

/** One code unit to compare (its canonical case), or ONE for `_`. */
type Run = number[];

export interface LikePattern {
  /** The runs between `%` wildcards; with no `%`, one run that must cover the whole text. */
  runs: Run[];
  hasAny: boolean;
}

let canonical: Uint16Array | undefined;

/** The case of each code unit as a non-Unicode case-insensitive regex compares it (ECMA-262 Canonicalize). */
function canonicalTable(): Uint16Array {
  if (canonical) return canonical;
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const upper = String.fromCharCode(unit).toUpperCase();
    const folded = upper.length === 1 ? upper.charCodeAt(0) : unit;
    table[unit] = unit >= 128 && folded < 128 ? unit : folded;
  }
  canonical = table;
  return table;
}

/**
 * Reads a pattern as soql-where-condition.ts stores it: `\x` is the character x taken literally
 * (an escaped `%`, `_` or backslash), `%` any run of characters, `_` any one character.
 */
export function compileLikePattern(pattern: string): LikePattern {
  const table = canonicalTable();
  const runs: Run[] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const current = runs[runs.length - 1];
    if (c === '\\' && i + 1 < pattern.length) current.push(table[pattern.charCodeAt(++i)]);
    else if (c === '%') {
      if (current.length > 0 || runs.length === 1) runs.push([]);
    } else if (c === '_') current.push(ONE);
    else current.push(table[pattern.charCodeAt(i)]);
  }
  const hasAny = runs.length > 1;
  return { runs, hasAny };
}

function runFitsAt(run: Run, text: Uint16Array, at: number): boolean {
  for (let k = 0; k < run.length; k++) {
    if (run[k] !== ONE && run[k] !== text[at + k]) return false;
  }
  return true;
}

/** The leftmost place from `from` where the run fits and still ends by `end`, or -1. */
function findRun(run: Run, text: Uint16Array, from: number, end: number): number {
  for (let at = from; at + run.length <= end; at++) {
    if (runFitsAt(run, text, at)) return at;
  }
  return -1;
}

function canonicalText(value: string): Uint16Array {
  const table = canonicalTable();
  const units = new Uint16Array(value.length);
  for (let i = 0; i < value.length; i++) units[i] = table[value.charCodeAt(i)];
  return units;
}

/** Whether the whole of `value` matches the pattern, case-insensitively. */
export function matchesLike(pattern: LikePattern, value: string): boolean {
  const text = canonicalText(value);
  const { runs } = pattern;
  if (!pattern.hasAny) return runs[0].length === text.length && runFitsAt(runs[0], text, 0);
  const first = runs[0];
  const last = runs[runs.length - 1];
  const lastStart = text.length - last.length;
  if (lastStart < first.length || !runFitsAt(first, text, 0) || !runFitsAt(last, text, lastStart)) return false;
  let pos = first.length;
  for (let r = 1; r < runs.length - 1; r++) {
    const at = findRun(runs[r], text, pos, lastStart);
    if (at < 0) return false;
    pos = at + runs[r].length;
  }
  return true;
}

/** How many `%` wildcards a stored pattern holds, a run of them (`%%`) counting once. */
export function countAnyRuns(pattern: string): number {
  return compileLikePattern(pattern).runs.length - 1;
}
