import type { FilterQuery } from 'mongoose';
import { bulkWriteInChunks } from '../db/bulk-write';
import type { Models } from '../models';
import type { ListMemberDoc } from '../models/list-member';
import type { TypeRule } from '../models/scoring-rules';
import { scorePerson, type ScoredEvent } from './score-person';

type ScoringModels = Pick<Models, 'ListMember' | 'EngagementEvent'>;

/** Members per page: their events are read in one query, so the page bounds memory. */
export const SCORE_PAGE_SIZE = 500;

export interface ScorePageResult {
  /** The last member _id of the page: where the next page starts. */
  after: string | null;
  scanned: number;
  changed: number;
}

type MemberIdentity = Pick<ListMemberDoc, '_id' | 'crmId' | 'emailKey' | 'behaviorScore'>;
type StoredEvent = ScoredEvent & { _id: string; crmId: string | null; emailKey: string | null };

/**
 * Scores one page of members (ordered by _id, after `after`) under `rules` at `now` and writes
 * `behaviorScore` only where it changed, so a recompute with unchanged rules writes nothing.
 */
export async function scoreMemberPage(
  models: ScoringModels,
  filter: FilterQuery<ListMemberDoc>,
  after: string | null,
  rules: Record<string, TypeRule>,
  now: Date,
): Promise<ScorePageResult> {
  const members = await models.ListMember.find({ ...filter, ...(after ? { _id: { $gt: after } } : {}) }, { crmId: 1, emailKey: 1, behaviorScore: 1 })
    .sort({ _id: 1 })
    .limit(SCORE_PAGE_SIZE)
    .lean<MemberIdentity[]>();
  if (members.length === 0) return { after: null, scanned: 0, changed: 0 };
  const events = await eventsOfPeople(models, members);
  const updates = members.flatMap((m) => {
    const score = scorePerson(eventsOfMember(m, events), rules, now);
    return score === m.behaviorScore ? [] : [{ updateOne: { filter: { _id: m._id }, update: { $set: { behaviorScore: score } } } }];
  });
  await bulkWriteInChunks(models.ListMember, updates);
  return { after: members[members.length - 1]._id, scanned: members.length, changed: updates.length };
}

/** The events of a page of people, indexed by CRM id and by email key (a person may be known by either). */
async function eventsOfPeople(models: ScoringModels, members: MemberIdentity[]) {
  const crmIds = [...new Set(members.map((m) => m.crmId))];
  const emailKeys = [...new Set(members.flatMap((m) => (m.emailKey ? [m.emailKey] : [])))];
  const found = await models.EngagementEvent.find(
    { $or: [{ crmId: { $in: crmIds } }, ...(emailKeys.length ? [{ emailKey: { $in: emailKeys } }] : [])] },
    { type: 1, occurredAt: 1, crmId: 1, emailKey: 1 },
  ).lean<StoredEvent[]>();
  const byCrmId = new Map<string, StoredEvent[]>();
  const byEmailKey = new Map<string, StoredEvent[]>();
  const add = (index: Map<string, StoredEvent[]>, key: string, event: StoredEvent) => {
    const events = index.get(key);
    if (events) events.push(event);
    else index.set(key, [event]);
  };
  for (const event of found) {
    if (event.crmId) add(byCrmId, event.crmId, event);
    if (event.emailKey) add(byEmailKey, event.emailKey, event);
  }
  return { byCrmId, byEmailKey };
}

/** An event sent with both identities matches twice; it counts once. */
function eventsOfMember(member: MemberIdentity, events: Awaited<ReturnType<typeof eventsOfPeople>>): StoredEvent[] {
  const all = [...(events.byCrmId.get(member.crmId) ?? []), ...(member.emailKey ? (events.byEmailKey.get(member.emailKey) ?? []) : [])];
  return [...new Map(all.map((e) => [e._id, e])).values()];
}
