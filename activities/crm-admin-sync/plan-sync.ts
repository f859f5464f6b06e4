import { objectModel, syncedObjectNames } from '../../domain/crm/crm-model';
import { syncStateKey, type SyncStateDoc } from '../../domain/models/sync-state';
import type { CrmAdminSyncInput, ObjectPlan, SyncMode } from '../../contract';
import { createRunWriter, openSyncContext, type SyncDeps, type SyncSettings } from './sync-context';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Why an object's sync must be full, or undefined when an incremental sync is enough. */
export function fullSyncReason(
  state: SyncStateDoc | null,
  fields: string[],
  requested: SyncMode,
  settings: Pick<SyncSettings, 'fullSyncIntervalDays'>,
  now: Date,
): string | undefined {
  if (requested === 'full') return 'full sync requested';
  if (!state?.watermark) return 'first sync of this object';
  if (state.fullSyncRequested) return state.fullSyncRequested.reason;
  if (!state.lastFullSyncAt || now.getTime() - state.lastFullSyncAt.getTime() >= settings.fullSyncIntervalDays * DAY_MS) {
    return `last full sync is older than ${settings.fullSyncIntervalDays} days`;
  }
  const known = new Set((state.fieldsAtLastFullSync ?? []).map((f) => f.toLowerCase()));
  const added = fields.filter((f) => !known.has(f.toLowerCase()));
  if (added.length > 0) return `CRM field(s) added since the last full sync: ${added.slice(0, 5).join(', ')}${added.length > 5 ? ', …' : ''}`;
  return undefined;
}

/** An admin can schedule the formula-field refresh with an interval; 0 means only when asked. */
export function calculatedRefreshDue(state: SyncStateDoc | null, settings: Pick<SyncSettings, 'calculatedRefreshIntervalHours'>, now: Date): boolean {
  if (!settings.calculatedRefreshIntervalHours) return false;
  const last = state?.lastCalculatedRefreshAt ?? state?.lastFullSyncAt;
  return !last || now.getTime() - last.getTime() >= settings.calculatedRefreshIntervalHours * HOUR_MS;
}

export function driftCheckDue(state: SyncStateDoc | null, settings: Pick<SyncSettings, 'driftCheckIntervalHours'>, now: Date): boolean {
  const last = state?.lastDriftCheckAt ?? state?.lastFullSyncAt;
  return !last || now.getTime() - last.getTime() >= settings.driftCheckIntervalHours * HOUR_MS;
}

/**
 * Decides, per object, full or incremental and whether a drift check or calculated-field refresh
 * runs, from the CRM's describe (which also yields the fields to select) and the stored sync state.
 */
export function createPlanActivity(deps: SyncDeps) {
  return {
    async planAdminSync(input: CrmAdminSyncInput): Promise<ObjectPlan[]> {
      const ctx = await openSyncContext(deps, input.connectionId);
      const writeRun = createRunWriter(deps, input.runId, ctx.connector);
      const now = new Date();
      const plans: ObjectPlan[] = [];
      try {
        for (const object of syncedObjectNames(ctx.model)) {
          const describe = await ctx.guarded(() => ctx.connector.describeObject(object));
          const fields = describe.fields.filter((f) => !f.compound).map((f) => f.name);
          const calculatedFields = describe.fields.filter((f) => f.calculated && !f.compound).map((f) => f.name);
          const key = syncStateKey(input.connectionId, object);
          const state = await deps.models.SyncState.findOneAndUpdate(
            { _id: key },
            { $set: { selectFields: fields, calculatedFields, tracksDeletes: describe.tracksDeletes }, $setOnInsert: { connectionId: input.connectionId, object } },
            { upsert: true, new: false },
          ).lean();
          const reason = fullSyncReason(state, fields, input.mode, ctx.settings, now);
          const mode: SyncMode = reason ? 'full' : 'incremental';
          plans.push({
            object,
            mode,
            reason: reason ?? 'changes since the last sync',
            // Deletes only an id comparison can see (a table without change feed or recycle bin, Dataverse's
            // listmember) are found by the drift check's id diff: every incremental sync of such an object runs it.
            driftCheck:
              mode === 'incremental' && (input.driftCheck === true || objectModel(ctx.model, object)?.deletes === 'id-diff' || driftCheckDue(state, ctx.settings, now)),
            refreshCalculated:
              mode === 'incremental' && calculatedFields.length > 0 && (input.refreshCalculated === true || calculatedRefreshDue(state, ctx.settings, now)),
          });
        }
      } finally {
        await writeRun();
      }
      await writeRun({ objects: Object.fromEntries(plans.map((p) => [p.object, { mode: p.mode, reason: p.reason }])) });
      return plans;
    },
  };
}
