import type { PersonType } from '../../../../domain/crm/crm-model';
import { seededPicker } from '../../../conformance/kit/org-changes';
import { localCopyDifferences } from '../../../conformance/kit/org-equality';
import type { DurabilityFixture } from './durability-fixture';

const SCORE_BUCKETS = 5;

/** What one round of changes expects the pipeline to push: each changed member's new score, changed once. */
export interface ExpectedPushes {
  scores: Map<string, { type: PersonType; score: number }>;
  /** Scores a CRM user typed into the CRM during the round, on members marketing did not touch: never reverted. */
  crmEdits: Map<string, { type: PersonType; listId: string; score: number }>;
  /** When the round's changes were made: a round that crosses midnight (UTC) sees date formulas move. */
  madeAt: Date;
}

/**
 * Changes the CRM as its users do (titles of contacts and leads, a few new and deleted contacts)
 * and changes the Score of `scored` list members here, once each, as a program or a marketer
 * would; then resets the emulator's counters so every write it counts afterwards is the pipeline's.
 */
export async function makeChanges(f: DurabilityFixture, round: number, sizes: { crmChanges: number; scored: number }): Promise<ExpectedPushes> {
  const pick = seededPicker(1000 + round);
  const objectOf = (type: PersonType) => f.model.people[type].object;
  const changedContacts = pick(f.org.ids(objectOf('Contact')), sizes.crmChanges);
  const doomed = changedContacts.splice(0, 2);
  changedContacts.forEach((id, i) => f.org.editRecord(objectOf('Contact'), id, `Round ${round} title ${i}`));
  pick(f.org.ids(objectOf('Lead')), sizes.crmChanges).forEach((id, i) => f.org.editRecord(objectOf('Lead'), id, `Round ${round} lead ${i}`));
  doomed.forEach((id) => f.org.deleteRecord(objectOf('Contact'), id));
  [0, 1].forEach((i) => f.org.insertPerson('Contact', `Round ${round} new ${i}`));

  const scores: ExpectedPushes['scores'] = new Map();
  const gone = new Set(doomed);
  const scoreField = f.org.score.marketingField;
  for (const [type, listId, n] of [['Contact', f.listIds.contacts, sizes.scored], ['Lead', f.listIds.leads, Math.ceil(sizes.scored / 2)]] as const) {
    const members = (await f.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).filter((id) => !gone.has(id));
    const chosen = pick(members, n);
    // A few distinct scores per round, one updateMany each: FerretDB scans the collection per update,
    // so one update per member would make the test's own writes the slowest part of a round.
    for (let bucket = 0; bucket < SCORE_BUCKETS; bucket++) {
      const ids = chosen.filter((_, i) => i % SCORE_BUCKETS === bucket);
      if (ids.length === 0) continue;
      const score = (round + 1) * 1_000 + (type === 'Contact' ? 0 : 500) + bucket + 1;
      await f.models.ListMember.updateMany({ listId, crmId: { $in: ids } }, { $set: { [`values.${scoreField}`]: score } });
      for (const crmId of ids) scores.set(crmId, { type, score });
    }
  }
  // A CRM user edits the pushed Score of a few members marketing left alone: the round must take
  // their value into the lists and never write over it.
  const crmEdits: ExpectedPushes['crmEdits'] = new Map();
  for (const [type, listId] of [['Contact', f.listIds.contacts], ['Lead', f.listIds.leads]] as const) {
    const untouched = (await f.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).filter((id) => !gone.has(id) && !scores.has(id) && !crmEdits.has(id));
    pick(untouched, Math.max(1, Math.ceil(sizes.crmChanges / 2))).forEach((id, i) => {
      const score = (round + 1) * 1_000 + 900 + i;
      f.org.setValue(objectOf(type), id, f.org.score.crmField, score);
      crmEdits.set(id, { type, listId, score });
    });
  }
  f.org.stats.reset();
  return { scores, crmEdits, madeAt: new Date() };
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Every way the local copy differs from the org, as short strings (empty when equal). The write
 * stamps of records the round pushed to are newer in the org until the next admin sync reads them.
 * Calculated fields (a days-since-created formula) change at midnight without a new modification
 * stamp; crm-sync re-reads them on a full sync or when asked (calculatedRefreshIntervalHours,
 * default off), so only when the date changed during the round may they differ, and only they.
 */
export async function differencesFromOrg(f: DurabilityFixture, pushed: ReadonlySet<string>, since?: Date): Promise<string[]> {
  const stamps = new Set(f.org.writeStamps);
  const none = new Set<string>();
  return localCopyDifferences(f, {
    incremental: since !== undefined && utcDay(since) !== utcDay(new Date()),
    ignoredFields: (_object, id) => (pushed.has(id) ? stamps : none),
  });
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
  const counts = f.org.stats.writesByRecordId();
  const deletes = f.org.stats.deletesByCrmSync();
  const differences = await differencesFromOrg(f, new Set(expected.scores.keys()), expected.madeAt);
  const scoreIn = (type: PersonType, id: string) => f.org.valueOf(f.model.people[type].object, id, f.org.score.crmField) ?? null;
  const scoreField = f.org.score.marketingField;
  const wrongPushedValues: string[] = [];
  const notWrittenOnce: string[] = [];
  for (const [id, { type, score }] of expected.scores) {
    const inCrm = scoreIn(type, id);
    if (inCrm !== score) wrongPushedValues.push(`${type} ${id}: CRM has ${String(inCrm)}, expected ${score}`);
    if ((counts.get(id) ?? 0) !== 1) notWrittenOnce.push(`${type} ${id}: written ${counts.get(id) ?? 0} times`);
  }
  const unexpectedWrites = [...counts.keys()].filter((id) => !expected.scores.has(id));
  let unpushedMembers = 0;
  for (const listId of Object.values(f.listIds)) {
    for (const m of await f.models.ListMember.find({ listId }, { values: 1, syncedValues: 1 }).lean()) {
      if ((m.values?.[scoreField] ?? null) !== (m.syncedValues?.[scoreField] ?? null)) unpushedMembers += 1;
    }
  }
  const crmEditsLost: string[] = [];
  for (const [id, { type, listId, score }] of expected.crmEdits) {
    const inCrm = scoreIn(type, id);
    const inList = (await f.models.ListMember.findOne({ listId, crmId: id }, { values: 1 }).lean())?.values?.[scoreField] ?? null;
    if (inCrm !== score || inList !== score) crmEditsLost.push(`${type} ${id}: typed ${score}, CRM has ${String(inCrm)}, list has ${String(inList)}`);
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
