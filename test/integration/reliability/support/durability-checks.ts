import { SALESFORCE_OBJECTS } from '../../../../domain/crm/salesforce/salesforce-model';
import { syncStateKey } from '../../../../domain/models/sync-state';
import { Prng } from '../../../../sf-emulator/prng';
import { orgRecords } from '../../crm-admin-sync/sync-fixture';
import type { DurabilityFixture } from './durability-fixture';

/** Fields the CRM stamps on every write: a record the pipeline pushed carries newer ones until the next admin sync reads it. */
const WRITE_STAMPS = new Set(['SystemModstamp', 'LastModifiedDate', 'LastModifiedById']);

const SCORE_BUCKETS = 5;

/** What one round of changes expects the pipeline to push: each changed member's new score, changed once. */
export interface ExpectedPushes {
  scores: Map<string, { object: 'Contact' | 'Lead'; score: number }>;
  /** Scores a CRM user typed into the CRM during the round, on members marketing did not touch: never reverted. */
  crmEdits: Map<string, { object: 'Contact' | 'Lead'; listId: string; score: number }>;
  /** When the round's changes were made: a round that crosses midnight (UTC) sees date formulas move. */
  madeAt: Date;
}

/**
 * Changes the CRM (titles, companies, a few new and deleted contacts) and changes the Score of
 * `scored` list members here, once each, as a program or a marketer would; then resets the
 * emulator's counters so every write it counts afterwards is the pipeline's.
 */
export async function makeChanges(f: DurabilityFixture, round: number, sizes: { crmChanges: number; scored: number }): Promise<ExpectedPushes> {
  const prng = new Prng(1000 + round);
  const pick = <T>(items: T[], n: number): T[] => {
    const pool = [...items];
    return Array.from({ length: Math.min(n, pool.length) }, () => pool.splice(prng.int(0, pool.length - 1), 1)[0] as T);
  };
  const contactIds = f.emulator.store.list('Contact').map((r) => String(r.Id));
  const leadIds = f.emulator.store.list('Lead').filter((r) => !r.IsConverted).map((r) => String(r.Id));
  const changedContacts = pick(contactIds, sizes.crmChanges);
  const doomed = changedContacts.splice(0, 2);
  await f.org.sobject('Contact').update(changedContacts.map((Id, i) => ({ Id, Title: `Round ${round} title ${i}` })), { allOrNone: true });
  await f.org.sobject('Lead').update(pick(leadIds, sizes.crmChanges).map((Id) => ({ Id, Company: `Round ${round} Ltd` })), { allOrNone: true });
  await f.org.sobject('Contact').destroy(doomed);
  const accountId = String(f.emulator.store.list('Account')[0].Id);
  await f.org.sobject('Contact').create([0, 1].map((i) => ({ LastName: `Round ${round} new ${i}`, Email: `round${round}.new${i}@example.com`, AccountId: accountId })), { allOrNone: true });

  const scores: ExpectedPushes['scores'] = new Map();
  const gone = new Set(doomed);
  for (const [object, listId, n] of [['Contact', f.listIds.contacts, sizes.scored], ['Lead', f.listIds.leads, Math.ceil(sizes.scored / 2)]] as const) {
    const members = (await f.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).filter((id) => !gone.has(id));
    const chosen = pick(members, n);
    // A few distinct scores per round, one updateMany each: FerretDB scans the collection per update,
    // so one update per member would make the test's own writes the slowest part of a round.
    for (let bucket = 0; bucket < SCORE_BUCKETS; bucket++) {
      const ids = chosen.filter((_, i) => i % SCORE_BUCKETS === bucket);
      if (ids.length === 0) continue;
      const score = (round + 1) * 1_000 + (object === 'Contact' ? 0 : 500) + bucket + 1;
      await f.models.ListMember.updateMany({ listId, crmId: { $in: ids } }, { $set: { 'values.behaviorScore': score } });
      for (const crmId of ids) scores.set(crmId, { object, score });
    }
  }
  // A CRM user edits the pushed Score of a few members marketing left alone: the round must take
  // their value into the lists and never write over it.
  const crmEdits: ExpectedPushes['crmEdits'] = new Map();
  for (const [object, listId] of [['Contact', f.listIds.contacts], ['Lead', f.listIds.leads]] as const) {
    const untouched = (await f.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).filter((id) => !gone.has(id) && !scores.has(id) && !crmEdits.has(id));
    const edited = pick(untouched, Math.max(1, Math.ceil(sizes.crmChanges / 2)));
    const editedScores = edited.map((Id, i) => ({ Id, Behavior_Score__c: (round + 1) * 1_000 + 900 + i }));
    if (editedScores.length > 0) await f.org.sobject(object).update(editedScores, { allOrNone: true });
    for (const e of editedScores) crmEdits.set(e.Id, { object, listId, score: e.Behavior_Score__c });
  }
  f.emulator.stats.reset();
  return { scores, crmEdits, madeAt: new Date() };
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Every way the local copy differs from the org, as short strings (empty when equal). */
export async function differencesFromOrg(f: DurabilityFixture, pushed: ReadonlySet<string>, since?: Date): Promise<string[]> {
  const differences: string[] = [];
  // Formula fields such as Days_Since_Created__c change at midnight without a new SystemModstamp;
  // crm-sync re-reads them on a full sync or when asked (calculatedRefreshIntervalHours, default
  // off). Only when the date changed during the round may they differ, and only they.
  const dayChanged = since !== undefined && utcDay(since) !== utcDay(new Date());
  for (const object of SALESFORCE_OBJECTS) {
    const calculated = dayChanged ? new Set((await f.models.SyncState.findById(syncStateKey(f.connectionId, object), { calculatedFields: 1 }).lean())?.calculatedFields ?? []) : new Set<string>();
    const expected = await orgRecords(f, object);
    const stored = await f.models.crmRecords[object].find({ connectionId: f.connectionId }, { crmId: 1, fields: 1 }).lean();
    const storedById = new Map(stored.map((r) => [r.crmId, r.fields as Record<string, unknown>]));
    if (stored.length !== storedById.size) differences.push(`${object}: ${stored.length - storedById.size} duplicate local records`);
    if (stored.length !== expected.length) differences.push(`${object}: ${stored.length} local records, ${expected.length} in the org`);
    for (const record of expected) {
      const id = String(record.Id);
      const local = storedById.get(id);
      if (!local) {
        differences.push(`${object} ${id}: missing locally`);
        continue;
      }
      for (const [field, value] of Object.entries(record)) {
        if (pushed.has(id) && WRITE_STAMPS.has(field)) continue;
        if (calculated.has(field)) continue;
        if (JSON.stringify(local[field] ?? null) !== JSON.stringify(value ?? null)) differences.push(`${object} ${id}.${field}: local ${JSON.stringify(local[field])}, org ${JSON.stringify(value)}`);
      }
    }
  }
  return differences.slice(0, 20);
}

/** What a finished round is checked for, and counted by. */
export interface ConvergenceReport {
  differences: string[];
  wrongPushedValues: string[];
  /** Changed records the CRM was written to other than exactly once. */
  notWrittenOnce: string[];
  /** Records written that no change asked for. */
  unexpectedWrites: string[];
  /** CRM users' Score edits that the CRM or the list no longer holds after the round. */
  crmEditsLost: string[];
  deletes: number;
  /** List members whose Score here differs from what was last pushed (left unpushed). */
  unpushedMembers: number;
  writes: number;
}

/**
 * After a pipeline round: the database equals the org (write stamps of pushed records aside), every
 * changed Score is in the CRM, each changed record was written exactly once (the emulator counts
 * writes per record), nothing else was written, nothing deleted, and nothing is left unpushed.
 */
export async function checkConvergence(f: DurabilityFixture, expected: ExpectedPushes): Promise<ConvergenceReport> {
  const counts = new Map(f.emulator.stats.writesByRecordId);
  const deletes = f.emulator.stats.deletes;
  const differences = await differencesFromOrg(f, new Set(expected.scores.keys()), expected.madeAt);
  const wrongPushedValues: string[] = [];
  const notWrittenOnce: string[] = [];
  for (const [id, { object, score }] of expected.scores) {
    const inCrm = f.emulator.store.get(object, id)?.Behavior_Score__c;
    if (inCrm !== score) wrongPushedValues.push(`${object} ${id}: CRM has ${String(inCrm)}, expected ${score}`);
    if ((counts.get(id) ?? 0) !== 1) notWrittenOnce.push(`${object} ${id}: written ${counts.get(id) ?? 0} times`);
  }
  const unexpectedWrites = [...counts.keys()].filter((id) => !expected.scores.has(id));
  let unpushedMembers = 0;
  for (const listId of Object.values(f.listIds)) {
    for (const m of await f.models.ListMember.find({ listId }, { values: 1, syncedValues: 1 }).lean()) {
      if ((m.values?.behaviorScore ?? null) !== (m.syncedValues?.behaviorScore ?? null)) unpushedMembers += 1;
    }
  }
  const crmEditsLost: string[] = [];
  for (const [id, { object, listId, score }] of expected.crmEdits) {
    const inCrm = f.emulator.store.get(object, id)?.Behavior_Score__c ?? null;
    const inList = (await f.models.ListMember.findOne({ listId, crmId: id }, { values: 1 }).lean())?.values?.behaviorScore ?? null;
    if (inCrm !== score || inList !== score) crmEditsLost.push(`${object} ${id}: typed ${score}, CRM has ${String(inCrm)}, list has ${String(inList)}`);
  }
  const writes = [...counts.values()].reduce((n, c) => n + c, 0);
  return {
    differences,
    wrongPushedValues: wrongPushedValues.slice(0, 20),
    notWrittenOnce: notWrittenOnce.slice(0, 20),
    unexpectedWrites: unexpectedWrites.slice(0, 20),
    crmEditsLost: crmEditsLost.slice(0, 20),
    deletes,
    unpushedMembers,
    writes,
  };
}

/** The report a converged round has: everything empty or zero, and one write per changed record. */
export function convergedReport(expected: ExpectedPushes): ConvergenceReport {
  return { differences: [], wrongPushedValues: [], notWrittenOnce: [], unexpectedWrites: [], crmEditsLost: [], deletes: 0, unpushedMembers: 0, writes: expected.scores.size };
}

/** The pipeline's steps, each with its status, from its run document. */
export function stepStatuses(run: { counts: Record<string, any> }): Record<string, string> {
  return Object.fromEntries(((run.counts.steps ?? []) as { id: string; status: string }[]).map((s) => [s.id, s.status]));
}
