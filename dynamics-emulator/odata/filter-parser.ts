import { ODataQueryError } from './query-error';
import type { CompareOp, FilterNode, Literal } from './filter-ast';

type Token = { kind: 'word' | 'string' | 'punct'; text: string; at: number };

const COMPARE_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);
const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw syntaxError(text, i, 'unterminated string literal');
        if (text[j] === "'" && text[j + 1] === "'") (value += "'", (j += 2));
        else if (text[j] === "'") break;
        else value += text[j++];
      }
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
    } else if ('(),=[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i++ });
    } else {
      const match = /^[A-Za-z0-9_.:+\-/$@]+/.exec(text.slice(i));
      if (!match) throw syntaxError(text, i, `character '${c}' is not valid`);
      tokens.push({ kind: 'word', text: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
}

function syntaxError(text: string, at: number, what: string): ODataQueryError {
  return new ODataQueryError(`Syntax error: ${what} at position ${at} in '${text}'.`);
}

/**
 * Parses the $filter subset the emulator evaluates: eq/ne/gt/ge/lt/le between a property and a
 * literal, and/or/not, parentheses, and contains/startswith/endswith. Anything else (arithmetic,
 * lambda any/all, the Microsoft.Dynamics.CRM query functions, `in`) is refused rather than guessed.
 */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expectPunct = (p: string) => {
    const t = next();
    if (!t || t.kind !== 'punct' || t.text !== p) throw syntaxError(text, t?.at ?? text.length, `expected '${p}'`);
  };
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toLowerCase() === w;

  const literal = (t: Token | undefined): Literal | undefined => {
    if (!t) return undefined;
    if (t.kind === 'string') return { type: 'string', value: t.text };
    if (t.kind !== 'word') return undefined;
    if (t.text === 'null') return { type: 'null', value: null };
    if (t.text === 'true' || t.text === 'false') return { type: 'boolean', value: t.text === 'true' };
    if (GUID.test(t.text)) return { type: 'guid', value: t.text.toLowerCase() };
    if (DATETIME.test(t.text)) return { type: 'datetime', value: t.text };
    if (DATE.test(t.text)) return { type: 'date', value: t.text };
    if (/^-?\d+(\.\d+)?[mMdDfFlL]?$/.test(t.text)) return { type: 'number', value: Number(t.text.replace(/[mMdDfFlL]$/, '')) };
    return undefined;
  };

  const property = (t: Token | undefined): string => {
    if (!t || t.kind !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) throw syntaxError(text, t?.at ?? text.length, 'expected a property name');
    return t.text;
  };

  const primary = (): FilterNode => {
    const t = peek();
    if (!t) throw syntaxError(text, text.length, 'unexpected end of expression');
    if (t.kind === 'punct' && t.text === '(') {
      next();
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    if (isWord(t, 'not')) {
      next();
      return { kind: 'not', expr: primary() };
    }
    if (t.kind === 'word' && tokens[pos + 1]?.text === '(') {
      const name = t.text.toLowerCase();
      if (!FUNCTIONS.has(name)) throw new ODataQueryError(`The function '${t.text}' is not supported by this emulator.`);
      next();
      expectPunct('(');
      const prop = property(next());
      expectPunct(',');
      const value = literal(next());
      if (value?.type !== 'string') throw new ODataQueryError(`The second argument of '${name}' must be a string literal.`);
      expectPunct(')');
      return { kind: 'function', name: name as 'contains', property: prop, value: value.value };
    }
    const leftLiteral = literal(t);
    next();
    const opToken = next();
    const op = opToken?.text.toLowerCase() ?? '';
    if (!opToken || opToken.kind !== 'word' || !COMPARE_OPS.has(op)) {
      if (opToken && opToken.kind === 'word' && ['add', 'sub', 'mul', 'div', 'mod', 'in', 'has'].includes(op)) throw new ODataQueryError(`The operator '${op}' is not supported by this emulator.`);
      throw syntaxError(text, opToken?.at ?? text.length, 'expected a comparison operator');
    }
    const right = next();
    const value = literal(right);
    // `'x' eq name` and `null eq name`: the property is on the right.
    if (leftLiteral && !value) return { kind: 'compare', op: FLIP[op as CompareOp], property: property(right), value: leftLiteral };
    if (!value) throw syntaxError(text, right?.at ?? text.length, 'expected a literal (comparing two properties is not supported)');
    return { kind: 'compare', op: op as CompareOp, property: property(t), value };
  };

  const andExpr = (): FilterNode => {
    let left = primary();
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };

  function orExpr(): FilterNode {
    let left = andExpr();
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }

  const tree = orExpr();
  if (pos < tokens.length) throw syntaxError(text, tokens[pos].at, `unexpected '${tokens[pos].text}'`);
  return tree;
}
