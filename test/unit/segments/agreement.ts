/**
 * What the property tests compare: the compiled plan executed through a data source, and the
 * reference evaluator on the same org. On a mismatch the message names the members and shows their
 * records and the plan, so a failure can be read without a debugger.
 */
import sift from 'sift';
import { compileSegmentQuery } from '../../../domain/segments/compile';
import { executeSegmentPlan, type SegmentDataSource } from '../../../domain/segments/execute';
import { OrgIndex } from '../../../domain/segments/reference/org-data';
import { evaluateSegmentReference } from '../../../domain/segments/reference/evaluate';
import type { SegmentQuery } from '../../../domain/segments/query';
import { validateSegmentQuery } from '../../../domain/segments/validate';
import type { Doc, GeneratedOrg } from './random-org';
import { CATALOG, NOW } from './segment-catalog';

/** MongoDB query semantics in JavaScript (sift), with projections applied like a server would. */
export function memorySource(collections: Record<string, Doc[]>): SegmentDataSource & { queries: number } {
  const source = {
    queries: 0,
    async *find(collection: string, filter: object, projection: string[]) {
      source.queries += 1;
      const test = sift(filter as Parameters<typeof sift>[0]);
      for (const doc of collections[collection] ?? []) if (test(doc)) yield project(doc, projection);
    },
  };
  return source;
}

function project(doc: Doc, paths: string[]): Doc {
  const out: Doc = { _id: doc._id };
  for (const path of paths) {
    const keys = path.split('.');
    let from: unknown = doc;
    for (const key of keys) from = typeof from === 'object' && from !== null ? (from as Doc)[key] : undefined;
    if (from === undefined) continue;
    let into = out;
    keys.slice(0, -1).forEach((key) => {
      into[key] ??= {};
      into = into[key] as Doc;
    });
    into[keys[keys.length - 1]] = from;
  }
  return out;
}

export interface Agreement {
  agree: boolean;
  compiled: Set<string>;
  reference: Set<string>;
  report: () => string;
}

/** Validates (the generated query must be valid), compiles, executes and compares with the reference. */
export async function compareWithReference(query: SegmentQuery, org: GeneratedOrg, source: SegmentDataSource): Promise<Agreement> {
  const validation = validateSegmentQuery(query, CATALOG);
  if (!validation.ok) throw new Error(`generated query is invalid: ${JSON.stringify(validation.problems)}\n${JSON.stringify(query)}`);
  const plan = compileSegmentQuery(query, CATALOG, { listId: org.listId, connectionId: org.connectionId, now: NOW });
  const compiled = await executeSegmentPlan(plan, source);
  const reference = evaluateSegmentReference(query, CATALOG, org.reference, { now: NOW });
  const differing = [...new Set([...compiled, ...reference])].filter((id) => compiled.has(id) !== reference.has(id));
  return {
    agree: differing.length === 0,
    compiled,
    reference,
    report: () => {
      const index = new OrgIndex(org.reference, CATALOG.schema);
      const members = differing.slice(0, 3).map((id) => {
        const member = org.reference.members.find((m) => m.crmId === id);
        const where = compiled.has(id) ? 'compiled only' : 'reference only';
        return `${id} (${where}): ${member ? JSON.stringify(index.recordsOf(member), null, 1) : 'not a member of the list'}`;
      });
      return [`org seed ${org.seed}`, `query ${JSON.stringify(query)}`, `plan ${JSON.stringify(plan)}`, ...members].join('\n');
    },
  };
}
