/**
 * Rebuilds the boolean structure of a WHERE clause. The parser returns WHERE as a chain of
 * conditions with parenthesis counts, which on its own does not say what NOT applies to; this turns
 * it into a tree and refuses every shape whose meaning a reader could take two ways.
 */
import type { ConditionWithValueQuery, NegationCondition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { WhereProblem } from './soql-where-types';

/** A comparison (`Field op value`, a function call, or a subquery), as opposed to the parser's NOT marker. */
export type LeafCondition = Exclude<ConditionWithValueQuery, NegationCondition>;

export type LogicTree =
  | { kind: 'and' | 'or'; operands: LogicTree[] }
  | { kind: 'not'; operand: LogicTree }
  | { kind: 'leaf'; condition: LeafCondition };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: LeafCondition };

interface Parens {
  openParen?: number;
  closeParen?: number;
}

function isCondition(value: unknown): value is LeafCondition {
  return !!value && typeof value === 'object' && ('field' in value || 'fn' in value);
}

/** The condition roughly as written, to point at it in a message. */
export function conditionText(condition: LeafCondition): string {
  const left = 'fn' in condition ? (condition.fn.rawValue ?? `${condition.fn.functionName}()`) : condition.field;
  if ('valueQuery' in condition && condition.valueQuery) return `${left} ${condition.operator} (SELECT …)`;
  const value = (condition as { value?: string | string[] }).value;
  return `${left} ${condition.operator} ${Array.isArray(value) ? `(${value.join(', ')})` : (value ?? '')}`.trim();
}

function tokenize(where: WhereClause, tokens: Token[]): void {
  const operator = 'operator' in where ? where.operator : undefined;
  const right = 'right' in where ? (where.right as WhereClause | undefined) : undefined;
  if (operator === 'NOT' && !isCondition(where.left)) {
    for (let i = 0; i < ((where.left as Parens | null)?.openParen ?? 0); i++) tokens.push('(');
    tokens.push('NOT');
    if (!right) throw new WhereProblem('syntax error: NOT must be followed by a condition');
    tokenize(right, tokens);
    return;
  }
  if (!isCondition(where.left)) throw new WhereProblem('syntax error: a condition is missing');
  const condition: LeafCondition & Parens = where.left;
  for (let i = 0; i < (condition.openParen ?? 0); i++) tokens.push('(');
  tokens.push({ condition });
  for (let i = 0; i < (condition.closeParen ?? 0); i++) tokens.push(')');
  if (!right) return;
  // The parser accepts two conditions with nothing between them; SOQL does not, and guessing AND would change meaning.
  if (operator !== 'AND' && operator !== 'OR') {
    throw new WhereProblem(`syntax error: AND or OR is missing between "${conditionText(condition)}" and what follows it`);
  }
  tokens.push(operator);
  tokenize(right, tokens);
}

/**
 * The text's parentheses were checked before parsing, so a tree that does not close is the parser's
 * doing (it has dropped tokens before); refusing is the only answer that cannot change the meaning.
 */
export const UNREADABLE = 'the clause could not be read unambiguously; check its AND, OR, NOT and parentheses';

const MIXED = 'AND and OR are mixed without parentheses';
const MIXED_HINT = '; SOQL needs them to say which applies first, e.g. (A AND B) OR C';

function buildTree(tokens: Token[]): LogicTree {
  let pos = 0;
  /** Where the parser stands, for a message: the first condition after the operator at `pos`. */
  const near = () => {
    const token = tokens.slice(pos + 1).find((t): t is { condition: LeafCondition } => typeof t === 'object');
    return token ? ` (at ${String(tokens[pos])} before "${conditionText(token.condition)}")` : '';
  };
  const parseGroup = (): LogicTree => {
    const operands: LogicTree[] = [];
    let join: 'AND' | 'OR' | undefined;
    for (;;) {
      const { node, bareNot } = parseOperand();
      operands.push(node);
      const next = tokens[pos];
      if (next !== 'AND' && next !== 'OR') break;
      // `NOT A AND B` reads as (NOT A) AND B in SQL but as NOT (A AND B) to many people; make the writer say which.
      if (bareNot) {
        throw new WhereProblem(`NOT followed by ${next} is ambiguous: put parentheses around what NOT applies to, e.g. (NOT A) ${next} B or NOT (A ${next} B)`);
      }
      if (join && join !== next) throw new WhereProblem(`${MIXED}${near()}${MIXED_HINT}`);
      join = next;
      pos++;
    }
    if (operands.length === 1) return operands[0];
    return { kind: join === 'OR' ? 'or' : 'and', operands };
  };
  const parseOperand = (): { node: LogicTree; bareNot: boolean } => {
    const token = tokens[pos++];
    if (token === 'NOT') return { node: { kind: 'not', operand: parseOperand().node }, bareNot: true };
    if (token === '(') {
      const inner = parseGroup();
      if (tokens[pos++] !== ')') throw new WhereProblem(UNREADABLE);
      return { node: inner, bareNot: false };
    }
    if (token && typeof token === 'object') return { node: { kind: 'leaf', condition: token.condition }, bareNot: false };
    throw new WhereProblem(UNREADABLE);
  };
  const tree = parseGroup();
  if (pos !== tokens.length) throw new WhereProblem(UNREADABLE);
  return tree;
}

export interface LogicTreeResult {
  tree: LogicTree;
  /** How many AND, OR and NOT the tree holds, to compare with the words of the text. */
  logicalWords: number;
}

export function buildLogicTree(where: WhereClause): LogicTreeResult {
  const tokens: Token[] = [];
  tokenize(where, tokens);
  return { tree: buildTree(tokens), logicalWords: tokens.filter((t) => t === 'AND' || t === 'OR' || t === 'NOT').length };
}

/**
 * Reads the raw text outside string literals: refuses parentheses that close before they open (the
 * shape of `Id != null) OR (Name = 'x'`, written to escape an enclosing clause), and counts the
 * logical words so the caller can check that the parser kept every one of them.
 */
export function scanClauseText(clause: string): { logicalWords: number } {
  let depth = 0;
  let logicalWords = 0;
  const words: string[] = [];
  let afterNot = false;
  for (let i = 0; i < clause.length; i++) {
    const c = clause[i];
    if (/\s/.test(c)) continue;
    if (!/[A-Za-z_]/.test(c)) afterNot = false;
    if (c === "'") {
      const start = i;
      for (i++; i < clause.length && clause[i] !== "'"; i++) if (clause[i] === '\\') i++;
      if (i >= clause.length) throw new WhereProblem(`syntax error: the quoted text starting at position ${start + 1} is never closed`);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) throw new WhereProblem(`unbalanced parentheses: the ')' at position ${i + 1} closes a parenthesis that was never opened`);
    } else if (/[A-Za-z_]/.test(c)) {
      let end = i + 1;
      while (end < clause.length && /[A-Za-z0-9_]/.test(clause[end])) end++;
      const word = clause.slice(i, end).toUpperCase();
      // The parser loses one NOT of three stacked ones (NOT NOT NOT x reads as NOT NOT x), so stacking is refused.
      if (word === 'NOT' && afterNot) throw new WhereProblem('NOT NOT is not supported: remove both NOTs');
      afterNot = word === 'NOT';
      words.push(word);
      i = end - 1;
    }
  }
  if (depth > 0) throw new WhereProblem(`unbalanced parentheses: ${depth} '(' never closed`);
  words.forEach((word, i) => {
    if (word === 'AND' || word === 'OR' || (word === 'NOT' && words[i + 1] !== 'IN')) logicalWords++;
  });
  return { logicalWords };
}
