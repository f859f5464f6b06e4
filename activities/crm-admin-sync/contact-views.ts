import { parseConnectionMapping, type ConnectionMapping } from '../../domain/mapping/mapping';
import type { Models } from '../../domain/models';
import { syncStateKey } from '../../domain/models/sync-state';
import { viewSourcesOf } from '../../domain/contacts/person-links';
import { PERSON_TYPES, type CrmModel } from '../../domain/crm/crm-model';
import { crmModel } from '../../domain/crm/crm-registry';
import { rebuildAllViews } from './contact-views-full';
import { IncrementalRebuildUnsafe, readTouchedPeople, rebuildTouchedViews, type TouchedPeople } from './contact-views-incremental';
import { createViewWriter, emptyViewCounts, type ContactViewCounts } from './contact-views-writer';
import { recordContactViews, runCounts, setRunProgress, type AdminSyncObjectCounts } from '../../domain/runs';

export type { ContactViewCounts } from './contact-views-writer';

/** Above this share of all people touched, one pass over everything beats a find per person. */
const INCREMENTAL_MAX_SHARE = 0.05;

type Counted = AdminSyncObjectCounts;

function storedMapping(raw: unknown): ConnectionMapping | null {
  if (!raw) return null;
  try {
    return parseConnectionMapping(raw);
  } catch {
    return null;
  }
}

type Plan = { mode: 'skip' | 'full'; reason: string } | { mode: 'incremental'; reason: string; touched: TouchedPeople };

/**
 * Full, incremental or nothing. The incremental rebuild starts from views and a contact-links index
 * that match the stored records as they were before this run, and applies only the changes the
 * run's incremental pulls recorded (models/changed-record.ts). Every case where that is not known
 * to hold, or where a change went unrecorded, is full:
 * - the views were never built, or the mapping was saved since: every view's values may differ;
 * - the previous CRM Administration sync of the connection did not finish its contact-view step
 *   with the index (it failed or was cancelled after storing records, or predates the index):
 *   what it stored never reached the views;
 * - a view source was pulled full (first sync, the periodic full sync, a newly mapped field, drift
 *   past the threshold): full pulls record no changes;
 * - a view source had deletes (deleted-records query or drift check) or drift-restored records:
 *   removeRecords and the drift check do not record which people they touched;
 * - the formula refresh rewrote records of a view source: it does not record them either;
 * - more than 5 % of all people were touched: the single pass is then the cheaper one;
 * - a touched person has two different memberships of one campaign: their order in the view is the
 *   order a full pass reads them in, which only a full pass reproduces.
 */
async function planRebuild(
  models: Models,
  model: CrmModel,
  input: { connectionId: string; runId: string; builtAt: Date | null | undefined; mappingUpdatedAt: Date | null | undefined },
): Promise<Plan> {
  const { connectionId, runId, builtAt, mappingUpdatedAt } = input;
  const run = await models.Run.findById(runId, { counts: 1, createdAt: 1 }).lean();
  const counts = runCounts('crm-admin-sync', run);
  const changesOf = (c: Counted | undefined) => (c ? (c.inserted ?? 0) + (c.updated ?? 0) + (c.deleted ?? 0) + (c.calculatedUpdated ?? 0) + (c.drift?.removed ?? 0) + (c.drift?.restored ?? 0) : 0);
  if (!builtAt) return { mode: 'full', reason: 'contact views never built' };
  if (mappingUpdatedAt && mappingUpdatedAt > builtAt) return { mode: 'full', reason: 'mapping changed since the last build' };
  const previous = await models.Run.findOne({ connectionId, kind: 'crm-admin-sync', createdAt: { $lt: run?.createdAt ?? new Date() }, startedAt: { $ne: null } }, { contactViews: 1 })
    .sort({ createdAt: -1 })
    .lean();
  if (!(previous?.contactViews as Partial<ContactViewCounts> | null)?.linksIndexed) return { mode: 'full', reason: 'the previous sync did not finish its contact views' };
  for (const object of viewSourcesOf(model).keys()) {
    const c = counts[object];
    if (!c || changesOf(c) === 0) continue;
    if (c.mode === 'full') return { mode: 'full', reason: `${object} was pulled full` };
    if ((c.deleted ?? 0) + (c.drift?.removed ?? 0) > 0) return { mode: 'full', reason: `${object} records were deleted` };
    if ((c.drift?.restored ?? 0) > 0) return { mode: 'full', reason: `${object} records were restored by the drift check` };
    if ((c.calculatedUpdated ?? 0) > 0) return { mode: 'full', reason: `${object} formula fields were refreshed` };
  }
  const states = await Promise.all(PERSON_TYPES.map((type) => models.SyncState.findById(syncStateKey(connectionId, model.people[type].object), { recordCount: 1 }).lean()));
  const people = states.reduce((sum, s) => sum + (s?.recordCount ?? 0), 0);
  const touched = await readTouchedPeople(models, model, runId, Math.floor(people * INCREMENTAL_MAX_SHARE));
  if (!touched) return { mode: 'full', reason: `more than ${INCREMENTAL_MAX_SHARE * 100} % of people changed` };
  // For incremental pulls the recorded changes decide, not the counts: a page stored just before a
  // crash is counted unchanged by the retry, but its changes were recorded before it was written.
  if (touched.people.size === 0) return { mode: 'skip', reason: `no person, ${model.deal.label.toLowerCase()} link or ${model.membership.label.toLowerCase()} changed` };
  return { mode: 'incremental', reason: `${touched.people.size} people changed`, touched };
}

export function createContactViewActivity(deps: { models: Models }) {
  const { models } = deps;
  return {
    /**
     * Brings the contact views of the connection in step with its stored Leads, Contacts, contact
     * roles and campaign members after a sync: only the people the run touched when that is known
     * to be enough (see planRebuild), else every Lead and Contact. Unchanged views (same content
     * hash) are not written; error entries are recorded for the run. Idempotent on retry.
     */
    async rebuildContactViews(input: { connectionId: string; runId: string }): Promise<ContactViewCounts> {
      const { connectionId, runId } = input;
      const done = await models.Run.findById(runId, { contactViews: 1 }).lean();
      const recorded = done?.contactViews as ContactViewCounts | null | undefined;
      if (recorded?.linksIndexed) return recorded;
      const connection = await models.Connection.findById(connectionId, { crm: 1, mapping: 1, mappingUpdatedAt: 1, contactViewsBuiltAt: 1 }).lean();
      const model = crmModel(connection?.crm);
      const plan = await planRebuild(models, model, { connectionId, runId, builtAt: connection?.contactViewsBuiltAt, mappingUpdatedAt: connection?.mappingUpdatedAt });
      let result = emptyViewCounts(plan.reason);
      if (plan.mode === 'skip') {
        result.linksIndexed = true;
        await recordContactViews(models, runId, result);
        await models.ChangedRecord.deleteMany({ connectionId });
        return result;
      }
      await setRunProgress(models, runId, { object: 'contacts', phase: 'contact views' });
      const startedAt = new Date();
      const mapping = storedMapping(connection?.mapping);
      let writer = createViewWriter(models, { connectionId, runId }, result);
      try {
        if (plan.mode === 'incremental') {
          result.mode = 'incremental';
          await rebuildTouchedViews(models, { connectionId, model, mapping, touched: plan.touched }, writer, result);
        }
      } catch (err) {
        if (!(err instanceof IncrementalRebuildUnsafe)) throw err;
        result = emptyViewCounts(err.message);
        writer = createViewWriter(models, { connectionId, runId }, result);
      }
      if (result.mode !== 'incremental') {
        result.mode = 'full';
        await rebuildAllViews(models, { connectionId, model, mapping }, writer, result);
      }
      result.rebuilt = true;
      result.linksIndexed = true;
      await models.Connection.updateOne({ _id: connectionId }, { $set: { contactViewsBuiltAt: startedAt } });
      await recordContactViews(models, runId, result, { Lead: writer.errorsByType.Lead, Contact: writer.errorsByType.Contact });
      // Consumed: also clears what failed runs recorded (their changes were just covered by a full rebuild).
      await models.ChangedRecord.deleteMany({ connectionId });
      return result;
    },
  };
}
