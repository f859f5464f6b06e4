/**
 * A segment's query answered on the database: compiled to semi-join steps (no $lookup), run as
 * plain finds. Refreshes store the result; previews count it and compare it with the stored members.
 */
import type { Models } from '../../models';
import { listMemberKey } from '../../models/list-member';
import type { SegmentFieldCatalog } from '../catalog';
import { compileSegmentQuery } from '../compile';
import { executeSegmentPlan } from '../execute';
import type { SegmentQuery } from '../query';
import { databaseSource } from './database-source';

export const PREVIEW_SAMPLE_SIZE = 10;

type EvaluateModels = Pick<Models, 'db'>;

export interface SegmentTarget {
  listId: string;
  connectionId: string;
  catalog: SegmentFieldCatalog;
  query: SegmentQuery;
}

/** The crmIds of the list members the query selects, at `now` (within_last_days counts back from it). */
export async function findSegmentMembers(models: EvaluateModels, target: SegmentTarget, now: Date): Promise<Set<string>> {
  const plan = compileSegmentQuery(target.query, target.catalog, { listId: target.listId, connectionId: target.connectionId, now });
  return executeSegmentPlan(plan, databaseSource(models));
}

export interface SampleMember {
  crmId: string;
  type: string;
  email: string | null;
}

export interface SegmentPreview {
  count: number;
  sample: SampleMember[];
  /** With a stored segment: what saving this query and refreshing would change. */
  changes?: { added: number; removed: number; addedSample: SampleMember[]; removedSample: SampleMember[] };
}

/** Count and sample of an unsaved query; with `segmentId`, also who would join and leave that segment. */
export async function previewSegment(
  models: Pick<Models, 'db' | 'ListMember' | 'SegmentMember'>,
  target: SegmentTarget,
  options: { segmentId?: string; sampleSize?: number; now?: Date } = {},
): Promise<SegmentPreview> {
  const size = options.sampleSize ?? PREVIEW_SAMPLE_SIZE;
  const found = await findSegmentMembers(models, target, options.now ?? new Date());
  const sampleOf = (ids: Iterable<string>) => describeMembers(models, target.listId, firstSorted(ids, size));
  const preview: SegmentPreview = { count: found.size, sample: await sampleOf(found) };
  if (options.segmentId) {
    const stored = new Set<string>();
    for await (const m of models.SegmentMember.find({ segmentId: options.segmentId }, { crmId: 1 }).lean().cursor({ batchSize: 5000 })) stored.add(m.crmId);
    const added = [...found].filter((id) => !stored.has(id));
    const removed = [...stored].filter((id) => !found.has(id));
    preview.changes = { added: added.length, removed: removed.length, addedSample: await sampleOf(added), removedSample: await sampleOf(removed) };
  }
  return preview;
}

/** A stable sample: the same query shows the same people while the user edits something else. */
function firstSorted(ids: Iterable<string>, size: number): string[] {
  return [...ids].sort().slice(0, size);
}

async function describeMembers(models: Pick<Models, 'ListMember'>, listId: string, crmIds: string[]): Promise<SampleMember[]> {
  if (crmIds.length === 0) return [];
  // One look-up by _id per sampled member: FerretDB v1 answers an _id equality from its index but
  // reads the whole collection for `crmId: {$in}` (4,000 members: about 10 ms instead of 500 ms).
  const members = await Promise.all(crmIds.map((crmId) => models.ListMember.findById(listMemberKey(listId, crmId), { crmId: 1, type: 1, 'values.email': 1 }).lean()));
  return crmIds.map((crmId, i) => {
    const m = members[i];
    const email = m?.values?.email;
    return { crmId, type: m?.type ?? 'unknown', email: typeof email === 'string' ? email : null };
  });
}
