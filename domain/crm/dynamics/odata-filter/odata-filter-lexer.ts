/**
 * Splits a $filter into tokens, each with the position (1-based, in the text the user typed) that a
 * message can point at. Literal shapes follow the OData URL conventions Dataverse documents: text in
 * single quotes with '' for a quote, numbers, GUIDs, dates and datetimes without quotes.
 */
import { ODataFilterProblem } from './odata-filter-types';

export type TokenKind = 'string' | 'number' | 'guid' | 'date' | 'datetime' | 'word' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The unquoted text of a string, the raw text of everything else. */
  text: string;
  /** As written, for messages (a string keeps its quotes). */
  raw: string;
  position: number;
}

const PUNCTUATION = '(),=[]';
// Each shape must end where a word would: `2024-05-01x` is not a date followed by a word.
const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![\w.\-:/])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})(?![\w.\-:/])/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w.\-:/])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.\-:/])/;
// Dotted for the namespaced query functions, slashes kept so navigation paths are refused by name.
const WORD = /^[A-Za-z_][\w.]*(\/[A-Za-z_][\w.]*)*/;

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== "'") {
      value += text[i];
    } else if (text[i + 1] === "'") {
      value += "'";
      i++;
    } else {
      return { value, end: i + 1 };
    }
  }
  throw new ODataFilterProblem(`syntax error: the quoted text starting at position ${start + 1} is never closed (write '' for a quote inside it)`);
}

/** The tokens of `text` from `from` on (what precedes it, a pasted `$filter=`, is not part of the filter). */
export function tokenize(text: string, from = 0): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    const position = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: 'string', text: value, raw: text.slice(i, end), position });
      i = end;
      continue;
    }
    if (PUNCTUATION.includes(c)) {
      tokens.push({ kind: 'punct', text: c, raw: c, position });
      i++;
      continue;
    }
    const rest = text.slice(i);
    const shape: [TokenKind, RegExpExecArray | null][] = [
      ['guid', GUID.exec(rest)],
      ['datetime', DATETIME.exec(rest)],
      ['date', DATE.exec(rest)],
      ['number', NUMBER.exec(rest)],
      ['word', WORD.exec(rest)],
    ];
    const found = shape.find(([, match]) => match);
    if (found) {
      const raw = found[1]![0];
      // true, false and null are literals in any case; everything else keeps its spelling.
      const text = found[0] === 'word' && /^(true|false|null)$/i.test(raw) ? raw.toLowerCase() : raw;
      tokens.push({ kind: found[0], text, raw, position });
      i += raw.length;
      continue;
    }
    if (/\d/.test(c)) {
      const word = /^[^\s(),=\[\]']+/.exec(rest)![0];
      throw new ODataFilterProblem(`syntax error: ${word} at position ${position} is not a number, date (2024-05-01), datetime (2024-05-01T08:30:00Z) or GUID`);
    }
    if (c === '@') throw new ODataFilterProblem(`parameter aliases such as ${/^@\w*/.exec(rest)?.[0]} are not supported (position ${position}): write the value in the filter itself`);
    if (c === '"') throw new ODataFilterProblem(`syntax error: text goes in single quotes, not double quotes (position ${position})`);
    throw new ODataFilterProblem(`syntax error: unexpected character ${c} at position ${position}`);
  }
  return tokens;
}
