/**
 * The interactive benchmark's database (issue 28), written straight through the models in bulk:
 * `lists` lists of the same people (the first copied from the contact views, the others cloned from
 * it), a segment per list for the first `segments` lists with its stored members (every member whose
 * score is below 60: 60 % of the list), `runs` finished runs spread over the last year (list syncs,
 * segment refreshes and admin syncs), and `changes` membership changes, half per list and half per
 * segment, each belonging to one of its owner's runs.
 */
import { Types } from 'mongoose';
import { defineList } from '../../domain/lists/list-definition';
import type { Models } from '../../domain/models';
import { listMemberKey, type ListMemberDoc } from '../../domain/models/list-member';
import { segmentMemberKey } from '../../domain/models/segment-member';
import { seedContactList } from './seed-list';
import { runBucketFields, takeRunSeqs } from '../../domain/runs/run-buckets';

const CHUNK = 2_000;
const YEAR_MS = 365 * 86_400_000;
/** A member's score is its position modulo 100; the benchmark's segments hold scores below this. */
export const SEGMENT_SCORE_BELOW = 60;

export interface InteractiveSize {
  lists: number;
  segments: number;
  changes: number;
  runs: number;
}

export interface SeededInteractive {
  listIds: string[];
  segmentIds: string[];
  members: number;
  /** A member of every list and of the first segment: the one the contact page and explain look at. */
  crmId: string;
}

async function insertInChunks(collection: { insertMany(docs: never[], options: { ordered: boolean }): Promise<unknown> }, docs: Iterable<unknown>): Promise<number> {
  let batch: unknown[] = [];
  let n = 0;
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length >= CHUNK) {
      await collection.insertMany(batch as never[], { ordered: false });
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await collection.insertMany(batch as never[], { ordered: false });
  return n + batch.length;
}

export async function seedInteractive(
  models: Models,
  connectionId: string,
  size: InteractiveSize,
  defineSegment: (listId: string, name: string) => Promise<string>,
  log: (line: string) => void,
): Promise<SeededInteractive> {
  const started = Date.now();
  const first = await seedContactList(models, connectionId, { name: 'list 1', type: 'Contact', fields: ['email', 'firstName', 'lastName', 'behaviorScore'] });
  const template = (await models.ListMember.find({ listId: first.listId }).sort({ crmId: 1 }).lean()).map((m, i) => ({
    ...m,
    behaviorScore: i % 100,
    values: { ...m.values, behaviorScore: i % 100 },
    syncedValues: { ...m.syncedValues, behaviorScore: i % 100 },
  }));
  await models.ListMember.deleteMany({ listId: first.listId });
  const listIds = [first.listId];
  for (let l = 2; l <= size.lists; l++) {
    const list = await defineList(models, () => Promise.reject(new Error('no describe needed')), { connectionId, name: `list ${l}`, source: { kind: 'all_contacts' }, fields: ['email', 'firstName', 'lastName', 'behaviorScore'] }, 'bench');
    listIds.push(String(list._id));
  }
  const now = new Date();
  for (const listId of listIds) {
    await insertInChunks(
      models.ListMember.collection,
      template.map((m): ListMemberDoc => ({ ...m, _id: listMemberKey(listId, m.crmId), listId })),
    );
    await models.MarketingList.updateOne({ _id: listId }, { $set: { memberCount: template.length, importedAt: now, lastSyncAt: now, dataAsOf: now } });
  }
  log(`${listIds.length} lists × ${template.length} members in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const segmentIds: string[] = [];
  const inSegment = template.filter((m) => m.behaviorScore < SEGMENT_SCORE_BELOW);
  for (const listId of listIds.slice(0, size.segments)) {
    const segmentId = await defineSegment(listId, `score below ${SEGMENT_SCORE_BELOW} (${listId})`);
    segmentIds.push(segmentId);
    await insertInChunks(
      models.SegmentMember.collection,
      inSegment.map((m) => ({ _id: segmentMemberKey(segmentId, m.crmId), segmentId, listId, crmId: m.crmId, type: m.type, joinedAt: now })),
    );
    await models.Segment.updateOne({ _id: segmentId }, { $set: { memberCount: inSegment.length, refreshedAt: now, dataAsOf: now } });
  }
  log(`${segmentIds.length} segments × ${inSegment.length} members in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  // Runs: a third list syncs, a third segment refreshes, a third admin syncs, oldest first.
  const owners = [...listIds.map((id) => ({ kind: 'list-sync', listId: new Types.ObjectId(id), runs: [] as Types.ObjectId[] })), ...segmentIds.map((id) => ({ kind: 'segment-refresh', segmentId: new Types.ObjectId(id), runs: [] as Types.ObjectId[] }))];
  const connection = new Types.ObjectId(connectionId);
  // Numbered as the Run model numbers runs it stores (domain/runs/run-buckets.ts), oldest first.
  const firstSeq = size.runs > 0 ? await takeRunSeqs(models.db, size.runs) : 0;
  function* runs() {
    for (let i = 0; i < size.runs; i++) {
      const createdAt = new Date(now.getTime() - YEAR_MS + Math.floor((i / size.runs) * YEAR_MS));
      const _id = new Types.ObjectId();
      const owner = i % 3 === 2 || owners.length === 0 ? undefined : owners[i % owners.length];
      owner?.runs.push(_id);
      yield {
        _id,
        kind: owner?.kind ?? 'crm-admin-sync',
        status: i % 50 === 0 ? 'failed' : 'succeeded',
        connectionId: connection,
        listId: owner && 'listId' in owner ? owner.listId : null,
        segmentId: owner && 'segmentId' in owner ? owner.segmentId : null,
        workflowId: `bench-${String(_id)}`,
        trigger: 'schedule',
        options: {},
        counts: {},
        apiCalls: 0,
        createdAt,
        startedAt: createdAt,
        finishedAt: new Date(createdAt.getTime() + 5_000),
        updatedAt: new Date(createdAt.getTime() + 5_000),
        error: null,
        ...runBucketFields(firstSeq + i),
      };
    }
  }
  await insertInChunks(models.Run.collection, runs());
  log(`${size.runs} runs in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  // Changes: the newest runs of each owner carry them, a run's changes spread over the list's members.
  const listOwners = owners.filter((o) => o.kind === 'list-sync' && o.runs.length > 0);
  const segmentOwners = owners.filter((o) => o.kind === 'segment-refresh' && o.runs.length > 0);
  function* changes() {
    const half = Math.floor(size.changes / 2);
    for (let i = 0; i < size.changes; i++) {
      const forList = i < half || segmentOwners.length === 0;
      const pool = forList ? listOwners : segmentOwners;
      if (pool.length === 0) return;
      const owner = pool[i % pool.length];
      const ordinal = Math.floor(i / pool.length);
      const run = owner.runs[owner.runs.length - 1 - (Math.floor(ordinal / template.length) % owner.runs.length)];
      const member = template[ordinal % template.length];
      const runId = String(run);
      const at = run.getTimestamp();
      const change = ordinal % 2 === 0 ? 'joined' : 'left';
      yield forList
        ? { _id: `${runId}:${member.crmId}`, runId, listId: String((owner as { listId: Types.ObjectId }).listId), crmId: member.crmId, change, email: member.emailKey, at }
        : { _id: `${runId}:${member.crmId}`, runId, segmentId: String((owner as { segmentId: Types.ObjectId }).segmentId), crmId: member.crmId, change, at };
    }
  }
  let listChanges: unknown[] = [];
  let segmentChanges: unknown[] = [];
  for (const doc of changes()) {
    if ('listId' in (doc as object)) listChanges.push(doc);
    else segmentChanges.push(doc);
    if (listChanges.length >= CHUNK) {
      await models.MembershipChange.collection.insertMany(listChanges as never[], { ordered: false });
      listChanges = [];
    }
    if (segmentChanges.length >= CHUNK) {
      await models.SegmentMembershipChange.collection.insertMany(segmentChanges as never[], { ordered: false });
      segmentChanges = [];
    }
  }
  if (listChanges.length > 0) await models.MembershipChange.collection.insertMany(listChanges as never[], { ordered: false });
  if (segmentChanges.length > 0) await models.SegmentMembershipChange.collection.insertMany(segmentChanges as never[], { ordered: false });
  log(`${size.changes} membership changes; seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const crmId = inSegment[Math.floor(inSegment.length / 2)].crmId;
  return { listIds, segmentIds, members: template.length, crmId };
}
