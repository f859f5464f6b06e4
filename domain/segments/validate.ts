/**
 * Validates a segment query from an untrusted body against the connection's field catalog and lists
 * EVERY problem with its JSON path (`$.all[2].where.all[0].op`), so the builder can mark each one.
 * It never throws: depth, size, list lengths and the number of problems are bounded, so a hostile
 * body costs no more than a legitimate one.
 */
import { quote, resolveField, type SegmentFieldCatalog } from './catalog';
import { checkConditionValue, describeJson, isOperatorAllowed, OPERATORS_BY_KIND } from './operators';
import {
  COUNT_OPS,
  MATCHES,
  OPERATORS,
  PERSON_CONDITION_OBJECTS,
  QUERY_LIMITS,
  RELATED_OBJECTS,
  WHERE_OBJECTS,
  type PersonConditionObject,
  type RelatedObject,
  type SegmentOperator,
  type SegmentQuery,
  type WhereObject,
} from './query';

export interface SegmentQueryProblem {
  path: string;
  message: string;
}

export type SegmentQueryValidation = { ok: true; query: SegmentQuery } | { ok: false; problems: SegmentQueryProblem[] };

const GROUP_KEYS = ['all', 'any', 'not'] as const;
const CONDITION_KEYS = ['object', 'field', 'op', 'value'];
const RELATED_KEYS = ['related', 'match', 'count', 'orNone', 'where'];
const SHAPES = '{"all": [...]}, {"any": [...]}, {"not": ...}, a condition {"object", "field", "op", "value"} or {"related", "match", "where"}';

/** Inside a related condition's where: which related object, or 'unknown' when `related` itself is wrong. */
type Context = { where?: RelatedObject | 'unknown' };

export function validateSegmentQuery(query: unknown, catalog: SegmentFieldCatalog): SegmentQueryValidation {
  const walk = new QueryWalk(catalog);
  try {
    walk.root(query);
  } catch {
    // Nothing above should throw; this keeps the promise of a 400 rather than a 500 if something does.
    return { ok: false, problems: [{ path: '$', message: 'the query could not be read' }] };
  }
  return walk.problems.length === 0 ? { ok: true, query: query as SegmentQuery } : { ok: false, problems: walk.problems };
}

class QueryWalk {
  readonly problems: SegmentQueryProblem[] = [];
  private nodes = 0;
  private sizeReported = false;
  private depthReported = false;

  constructor(private readonly catalog: SegmentFieldCatalog) {}

  root(query: unknown): void {
    if (isPlainObject(query) && !GROUP_KEYS.some((k) => has(query, k))) {
      this.report('$', `a query is a group: {"all": [...]}, {"any": [...]} or {"not": ...}`);
      return;
    }
    this.node(query, '$', 0, {});
  }

  private report(path: string, message: string): void {
    if (this.problems.length < QUERY_LIMITS.maxProblems) this.problems.push({ path, message });
    else if (this.problems.length === QUERY_LIMITS.maxProblems) this.problems.push({ path: '$', message: `more than ${QUERY_LIMITS.maxProblems} problems; fix these first` });
  }

  private node(value: unknown, path: string, depth: number, context: Context): void {
    this.nodes += 1;
    if (this.nodes > QUERY_LIMITS.maxNodes) {
      if (!this.sizeReported) this.report(path, `a query holds at most ${QUERY_LIMITS.maxNodes} groups and conditions`);
      this.sizeReported = true;
      return;
    }
    if (depth > QUERY_LIMITS.maxDepth) {
      if (!this.depthReported) this.report(path, `groups nest at most ${QUERY_LIMITS.maxDepth} levels deep`);
      this.depthReported = true;
      return;
    }
    if (!isPlainObject(value)) return this.report(path, `expected ${SHAPES}, got ${describeJson(value)}`);
    if (GROUP_KEYS.some((k) => has(value, k))) return this.group(value, path, depth, context);
    if (has(value, 'related')) {
      if (context.where) return this.report(path, 'a related condition cannot be nested inside where');
      return this.related(value, path, depth);
    }
    if (CONDITION_KEYS.some((k) => has(value, k))) return this.condition(value, path, context);
    this.report(path, `expected ${SHAPES}`);
  }

  private group(value: Record<string, unknown>, path: string, depth: number, context: Context): void {
    const present = GROUP_KEYS.filter((k) => has(value, k));
    if (present.length > 1) this.report(path, `a group has exactly one of all, any or not; found ${present.join(' and ')}`);
    this.unknownKeys(value, path, GROUP_KEYS);
    for (const key of present) {
      const child = value[key];
      const at = `${path}.${key}`;
      if (key === 'not') {
        this.node(child, at, depth + 1, context);
      } else if (!Array.isArray(child)) {
        this.report(at, `${key} takes a list of groups and conditions, got ${describeJson(child)}`);
      } else if (child.length > QUERY_LIMITS.maxNodes) {
        this.report(at, `a query holds at most ${QUERY_LIMITS.maxNodes} groups and conditions`);
        this.sizeReported = true;
      } else {
        for (let i = 0; i < child.length; i += 1) this.node(child[i], `${at}[${i}]`, depth + 1, context);
      }
    }
  }

  private related(value: Record<string, unknown>, path: string, depth: number): void {
    this.unknownKeys(value, path, RELATED_KEYS);
    const related = value.related;
    const known = typeof related === 'string' && (RELATED_OBJECTS as readonly string[]).includes(related);
    if (!known) this.report(`${path}.related`, `related is one of ${RELATED_OBJECTS.join(', ')}, got ${describeJson(related)}`);
    const match = value.match;
    if (!has(value, 'match')) this.report(`${path}.match`, `a related condition needs match: ${MATCHES.join(', ')}`);
    else if (typeof match !== 'string' || !(MATCHES as readonly string[]).includes(match)) this.report(`${path}.match`, `match is one of ${MATCHES.join(', ')}, got ${describeJson(match)}`);
    if (has(value, 'count')) this.count(value.count, `${path}.count`, match);
    if (has(value, 'orNone')) {
      if (typeof value.orNone !== 'boolean') this.report(`${path}.orNone`, `orNone is true or false, got ${describeJson(value.orNone)}`);
      else if (match !== 'all') this.report(`${path}.orNone`, 'orNone applies only to match "all" (any is false and none is true without related records)');
    }
    if (!has(value, 'where')) return this.report(`${path}.where`, 'a related condition needs where: a group of conditions on the related record, e.g. {"all": []}');
    const where = value.where;
    if (!isPlainObject(where) || !GROUP_KEYS.some((k) => has(where, k))) {
      return this.report(`${path}.where`, `where is a group: {"all": [...]}, {"any": [...]} or {"not": ...}, got ${describeJson(where)}`);
    }
    this.node(where, `${path}.where`, depth + 1, { where: known ? (related as RelatedObject) : 'unknown' });
  }

  private count(count: unknown, path: string, match: unknown): void {
    if (!isPlainObject(count)) return this.report(path, `count is {"op": "gte" | "lte" | "eq", "value": n}, got ${describeJson(count)}`);
    this.unknownKeys(count, path, ['op', 'value']);
    if (typeof count.op !== 'string' || !(COUNT_OPS as readonly string[]).includes(count.op)) this.report(`${path}.op`, `count op is one of ${COUNT_OPS.join(', ')}, got ${describeJson(count.op)}`);
    const n = count.value;
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > QUERY_LIMITS.maxCount) {
      this.report(`${path}.value`, `count value is a whole number from 0 to ${QUERY_LIMITS.maxCount}, got ${describeJson(n)}`);
    }
    if (match !== 'any') this.report(path, 'count applies only to match "any": it counts the related records that satisfy where');
  }

  private condition(value: Record<string, unknown>, path: string, context: Context): void {
    this.unknownKeys(value, path, CONDITION_KEYS);
    const object = this.conditionObject(value, path, context);
    const field = value.field;
    const fieldOk = typeof field === 'string' && field.length > 0;
    if (!fieldOk) this.report(`${path}.field`, `a condition needs field: a field name, got ${describeJson(field)}`);
    const op = value.op;
    const opOk = typeof op === 'string' && (OPERATORS as readonly string[]).includes(op);
    if (!opOk) this.report(`${path}.op`, `op is one of ${OPERATORS.join(', ')}, got ${describeJson(op)}`);
    if (!object || !fieldOk) return;
    const lookup = resolveField(this.catalog, object, field);
    if (!lookup.ok) return this.report(`${path}.field`, lookup.message);
    if (!opOk) return;
    // A Member field on both Lead and Contact is checked against each; the same problem is reported once.
    const found = new Map<string, { at: string; message: string; labels: string[] }>();
    const note = (at: string, message: string, label: string) => {
      const entry = found.get(at + message) ?? { at, message, labels: [] };
      entry.labels.push(label);
      found.set(at + message, entry);
    };
    for (const resolved of lookup.fields) {
      if (!isOperatorAllowed(resolved.kind, op as SegmentOperator)) {
        note(`${path}.op`, `${op} does not apply to ${resolved.label} (${resolved.kind}); use one of ${OPERATORS_BY_KIND[resolved.kind].join(', ')}`, resolved.label);
        continue;
      }
      // JSON has no undefined: a JavaScript caller's `value: undefined` means no value.
      for (const problem of checkConditionValue(resolved.kind, op as SegmentOperator, value.value, value.value !== undefined)) {
        note(`${path}.value${problem.at}`, problem.message, resolved.label);
      }
    }
    for (const { at, message, labels } of found.values()) {
      this.report(at, labels.length < lookup.fields.length ? `${message} (${labels.join(', ')})` : message);
    }
  }

  /** The object a condition reads, or undefined after reporting why it is not one. */
  private conditionObject(value: Record<string, unknown>, path: string, context: Context): PersonConditionObject | WhereObject | undefined {
    const object = value.object;
    if (context.where) {
      if (context.where === 'unknown') return undefined;
      if (!has(value, 'object')) return context.where;
      const allowed = WHERE_OBJECTS[context.where];
      if (typeof object === 'string' && allowed.includes(object)) return object as WhereObject;
      this.report(`${path}.object`, `inside a related ${context.where} condition, object is ${allowed.map((o) => `'${o}'`).join(' or ')} (or absent), got ${describeJson(object)}`);
      return undefined;
    }
    if (typeof object === 'string' && (PERSON_CONDITION_OBJECTS as readonly string[]).includes(object)) return object as PersonConditionObject;
    let hint = '';
    if (object === 'Opportunity' || object === 'CampaignMember') hint = `; ${object} is a 1:many object: use {"related": "${object}", "match": ..., "where": ...}`;
    if (object === 'Campaign') hint = '; reach a campaign inside {"related": "CampaignMember", ...} with "object": "Campaign"';
    this.report(`${path}.object`, `object is one of ${PERSON_CONDITION_OBJECTS.join(', ')}, got ${describeJson(object)}${hint}`);
    return undefined;
  }

  private unknownKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
    for (const key of unknown.slice(0, 10)) {
      const hint = key === 'count' || key === 'orNone' ? ` (${key} belongs to a related condition)` : '';
      this.report(pathKey(path, key), `unknown key ${quote(key)}; expected ${allowed.join(', ')}${hint}`);
    }
    if (unknown.length > 10) this.report(path, `${unknown.length - 10} more unknown keys`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** `$.a.b` for plain keys, `$["odd key"]` otherwise; long keys are cut so paths stay readable. */
function pathKey(path: string, key: string): string {
  const short = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(short) ? `${path}.${short}` : `${path}[${JSON.stringify(short)}]`;
}
