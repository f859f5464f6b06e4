import type { Condition, ValueQueryCondition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfApiError } from '../errors';

/** The parser returns WHERE as a chain with parenthesis counts; this rebuilds it as a tree with NOT > AND > OR precedence. */
export type WhereNode =
  | { kind: 'and' | 'or'; left: WhereNode; right: WhereNode }
  | { kind: 'not'; operand: WhereNode }
  | { kind: 'condition'; condition: Condition | ValueQueryCondition };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: Condition | ValueQueryCondition };

function isCondition(value: unknown): value is Condition | ValueQueryCondition {
  return !!value && typeof value === 'object' && ('field' in value || 'fn' in value);
}

function tokenize(where: WhereClause | undefined, tokens: Token[] = []): Token[] {
  if (!where) return tokens;
  const left = where.left as unknown;
  const operator = 'operator' in where ? where.operator : undefined;
  if (operator === 'NOT' && !isCondition(left)) {
    const open = (left as { openParen?: number } | null)?.openParen ?? 0;
    for (let i = 0; i < open; i++) tokens.push('(');
    tokens.push('NOT');
    return tokenize((where as { right: WhereClause }).right, tokens);
  }
  const condition = left as Condition & { openParen?: number; closeParen?: number };
  for (let i = 0; i < (condition.openParen ?? 0); i++) tokens.push('(');
  tokens.push({ condition });
  for (let i = 0; i < (condition.closeParen ?? 0); i++) tokens.push(')');
  if (operator === 'AND' || operator === 'OR') {
    tokens.push(operator);
    tokenize((where as { right: WhereClause }).right, tokens);
  }
  return tokens;
}

export function buildWhereTree(where: WhereClause): WhereNode {
  const tokens = tokenize(where);
  let pos = 0;
  const fail = (): never => {
    throw new SfApiError(400, 'MALFORMED_QUERY', 'unexpected token in WHERE clause');
  };
  const parseOr = (): WhereNode => {
    let node = parseAnd();
    while (tokens[pos] === 'OR') {
      pos++;
      node = { kind: 'or', left: node, right: parseAnd() };
    }
    return node;
  };
  const parseAnd = (): WhereNode => {
    let node = parseNot();
    while (tokens[pos] === 'AND') {
      pos++;
      node = { kind: 'and', left: node, right: parseNot() };
    }
    return node;
  };
  const parseNot = (): WhereNode => {
    const token = tokens[pos++];
    if (token === 'NOT') return { kind: 'not', operand: parseNot() };
    if (token === '(') {
      const inner = parseOr();
      if (tokens[pos++] !== ')') fail();
      return inner;
    }
    if (token && typeof token === 'object') return { kind: 'condition', condition: token.condition };
    return fail();
  };
  const tree = parseOr();
  if (pos !== tokens.length) fail();
  return tree;
}
