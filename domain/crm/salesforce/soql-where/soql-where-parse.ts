/**
 * Validates a marketer's saved SOQL WHERE clause on Lead or Contact and compiles it for evaluation
 * over the local copy of the CRM records. The clause is parsed as `SELECT Id FROM <object> WHERE
 * <clause>` by the same SOQL parser the emulator uses, then everything that is not a plain WHERE
 * expression over the object's own fields is refused with one message that names the problem.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import type { CrmFieldDescribe } from '../../connector';
import { compileCondition } from './soql-where-condition';
import { buildLogicTree, scanClauseText, UNREADABLE, type LogicTree } from './soql-where-tree';
import { WhereProblem, type CompiledWhere, type ParseWhereResult, type WhereCondition, type WhereObject } from './soql-where-types';

/** Salesforce's own limit on the strings of a WHERE clause. */
export const MAX_WHERE_LENGTH = 4000;

/** Query parts that would follow WHERE if the clause smuggled them in; none of them is a filter. */
const TRAILING_CLAUSES: [keyof Query, string][] = [
  ['groupBy', 'GROUP BY'],
  ['having', 'HAVING'],
  ['orderBy', 'ORDER BY'],
  ['limit', 'LIMIT'],
  ['offset', 'OFFSET'],
  ['withSecurityEnforced', 'WITH SECURITY_ENFORCED'],
  ['withAccessLevel', 'WITH USER_MODE / SYSTEM_MODE'],
  ['withDataCategory', 'WITH DATA CATEGORY'],
  ['for', 'FOR VIEW / UPDATE / REFERENCE'],
  ['update', 'UPDATE TRACKING / VIEWSTAT'],
];

/** The parser's message, short: its "expecting one of 24 token sequences" lists help nobody. */
function syntaxProblem(err: unknown, prefixLength: number): string {
  const message = String((err as Error)?.message ?? err);
  const first = message.split('\n')[0];
  const lexing = /unexpected character: ->([\s\S])<- at offset: (\d+)/.exec(message);
  if (lexing) return `syntax error: unexpected character ${lexing[1]} at position ${Number(lexing[2]) - prefixLength + 1}`;
  const found = /but found:? (?:--> )?'([\s\S]*?)'(?: <--)?\s*$/.exec(message) ?? /but found: ([\s\S]*)$/.exec(first);
  if (found && /^Expecting: (one of these|expecting at least one)/.test(first)) {
    return found[1] === '' ? 'syntax error: the clause ends too early' : `syntax error: unexpected '${found[1]}'`;
  }
  if (found && /^Redundant input/.test(first)) return `syntax error: unexpected '${found[1]}'`;
  if (found && found[1] === '') return `syntax error: the clause ends too early (${first})`;
  return `syntax error: ${first}`;
}

function compileTree(tree: LogicTree, compileLeaf: (leaf: Extract<LogicTree, { kind: 'leaf' }>) => WhereCondition): CompiledWhere {
  switch (tree.kind) {
    case 'leaf': return compileLeaf(tree);
    case 'not': return { kind: 'not', operand: compileTree(tree.operand, compileLeaf) };
    default: return { kind: tree.kind, operands: tree.operands.map((operand) => compileTree(operand, compileLeaf)) };
  }
}

function parseOrThrow(where: unknown, object: WhereObject, fields: CrmFieldDescribe[]): { clause: CompiledWhere; fieldsUsed: string[] } {
  if (object !== 'Lead' && object !== 'Contact') throw new WhereProblem(`a WHERE clause list is on Lead or Contact, not ${String(object)}`);
  if (typeof where !== 'string') throw new WhereProblem('the WHERE clause must be text');
  // A clause pasted from a full query may keep its keyword; it means the same without it.
  const clause = where.trim().replace(/^WHERE(\s+|$)/i, '');
  if (!clause) throw new WhereProblem('the WHERE clause is empty');
  if (clause.length > MAX_WHERE_LENGTH) {
    throw new WhereProblem(`the WHERE clause is ${clause.length.toLocaleString('en-US')} characters; at most ${MAX_WHERE_LENGTH.toLocaleString('en-US')} are allowed`);
  }
  const text = scanClauseText(clause);
  const prefix = `SELECT Id FROM ${object} WHERE `;
  let query: Query;
  try {
    query = parseQuery(prefix + clause);
  } catch (err) {
    throw new WhereProblem(syntaxProblem(err, prefix.length));
  }
  for (const [key, name] of TRAILING_CLAUSES) {
    if (query[key] !== undefined && query[key] !== false) throw new WhereProblem(`${name} is not allowed: the clause must be a filter only (what follows WHERE), not a query`);
  }
  if (!query.where) throw new WhereProblem('the WHERE clause is empty');
  const { tree, logicalWords } = buildLogicTree(query.where);
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const fieldsUsed: string[] = [];
  const compiled = compileTree(tree, (leaf) => {
    const condition = compileCondition(leaf.condition, object, byName);
    if (!fieldsUsed.includes(condition.field)) fieldsUsed.push(condition.field);
    return condition;
  });
  // Defence in depth: if the parser ever dropped an AND/OR/NOT it accepted, the tree would mean something else.
  if (logicalWords !== text.logicalWords) throw new WhereProblem(UNREADABLE);
  return { clause: compiled, fieldsUsed };
}

/**
 * Parses and checks a WHERE clause (without the WHERE keyword) on Lead or Contact against the
 * object's describe. On success, `clause` is ready for `matchesWhere` and `fieldsUsed` lists the
 * fields the local copy must hold (API names as the describe spells them).
 */
export function parseWhereClause(where: string, object: WhereObject, fields: CrmFieldDescribe[]): ParseWhereResult {
  try {
    return { ok: true, ...parseOrThrow(where, object, fields) };
  } catch (err) {
    if (err instanceof WhereProblem) return { ok: false, problem: err.message };
    throw err;
  }
}
