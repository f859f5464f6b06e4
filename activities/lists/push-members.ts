import type { CrmConnector, RecordWriteResult, WritePath } from '../../domain/crm/connector';
import { personObjectsOf } from '../../domain/lists/list-definition';
import { decideMemberFields, emptyPushPlan, planMember, type PushMember } from '../../domain/lists/push-plan';
import type { PushErrorDoc } from '../../domain/models/push-error';
import type { ListPushInput, ListPushResult } from '../../contract';
import { keepAlive } from '../crm-admin-sync/keep-alive';
import { createRunWriter, openSyncContext } from '../crm-admin-sync/sync-context';
import { openListContext, type ListDeps } from './list-context';
import { reconcileInFlightPush, type InFlightPush } from './push-in-flight';
import { pushedFieldsOf } from './pull-members';
import { recordPushed } from './record-pushed';
import { applyAgreements, crmChangedAtOf, recordConflicts } from './settle-fields';
import { notePushBulkJob, notePushInFlight, recordListPush, recordPushChunk, setRunProgress, storedPushState } from '../../domain/runs';

const COLLECTION_CHUNK = 200;

/**
 * Pushes the list's changed values to existing CRM records: sObject Collections in 200-record
 * calls, or the bulk ingest path above the list's bulk threshold. A refused record becomes an error
 * entry with the CRM's message and never fails the run; nothing is ever deleted in the CRM.
 *
 * Before each write the records in flight are noted on the run (and each bulk job's id before its
 * upload); a retried attempt first lets those jobs end, then reads the records back from the CRM and
 * records what they hold, so a crash between the CRM's answer and the local write, or while a bulk
 * job is still being processed, does not push the same change twice.
 */
export function createPushMembersActivity(deps: ListDeps) {
  const { models } = deps;
  return {
    async pushListChanges(input: ListPushInput): Promise<ListPushResult> {
      const ctx = await openListContext(models, input.listId);
      const pushFields = pushedFieldsOf(ctx);
      const result: ListPushResult = { candidates: 0, pushed: 0, failed: 0, skipped: [], calls: 0, path: null };
      if (pushFields.length === 0) {
        await recordListPush(models, input.runId, result);
        return result;
      }
      let opened: { connector: CrmConnector; guarded: <T>(call: () => Promise<T>) => Promise<T>; writeRun: ReturnType<typeof createRunWriter> } | undefined;
      const crm = async () => {
        if (!opened) {
          const sync = await openSyncContext(deps, ctx.connectionId);
          opened = { connector: sync.connector, guarded: sync.guarded, writeRun: createRunWriter(deps, input.runId, sync.connector) };
        }
        return opened;
      };

      return keepAlive(() => result, async (checkCancelled) => {
        const { inFlight, earlier } = await storedPushState<InFlightPush>(models, input.runId);
        if (inFlight) await reconcileInFlightPush(deps, ctx, inFlight, (await crm()).connector);
        // A retried attempt continues the dead one's tally: the chunks it finished, plus (below) the
        // in-flight records that turned out to have landed, so the run reports every write once.
        const carried = { pushed: earlier?.pushed ?? 0, failed: earlier?.failed ?? 0 };
        result.pushed = carried.pushed;
        result.failed = carried.failed;
        result.calls = earlier?.calls ?? 0;

        const only = input.onlyCrmIds ? new Set(input.onlyCrmIds) : undefined;
        const members = new Map<string, PushMember>();
        for await (const m of models.ListMember.find({ listId: ctx.listId }, { crmId: 1, type: 1, values: 1, syncedValues: 1, localChanges: 1 }).lean().cursor({ batchSize: 5000 })) {
          if (!only || only.has(m.crmId)) members.set(m.crmId, { crmId: m.crmId, type: m.type, values: m.values ?? {}, syncedValues: m.syncedValues ?? {}, localChanges: m.localChanges });
        }
        const inFlightMembers = new Set((inFlight?.ids ?? []).filter((id) => members.has(id)));
        const plan = emptyPushPlan();
        const objects = personObjectsOf(ctx.source);
        const planOne = async (member: PushMember, crmValues: Record<string, unknown> | undefined) => {
          let decided = decideMemberFields(ctx.mapping, ctx.fieldTypes, pushFields, member, crmValues);
          if (decided.needsCrmStamp) decided = decideMemberFields(ctx.mapping, ctx.fieldTypes, pushFields, member, crmValues, await crmChangedAtOf(deps, ctx.connectionId, ctx.personObjects[member.type], member.crmId));
          planMember(ctx.mapping, ctx.fieldTypes, member, decided.decisions, plan);
        };
        for await (const view of models.ContactView.find({ connectionId: ctx.connectionId, type: { $in: objects } }, { crmId: 1, values: 1 }).lean().cursor({ batchSize: 5000 })) {
          const member = members.get(view.crmId);
          if (!member) continue;
          await planOne(member, view.values ?? {});
          members.delete(view.crmId);
        }
        // Members the local copy no longer has (deleted in the CRM): the CRM will say so per record.
        for (const member of members.values()) await planOne(member, undefined);
        result.skipped = plan.skipped;
        // CRM users' changes and agreed values are settled locally before any write, and every conflict
        // is on the run before the write it decides: a crash after this point repeats none of it.
        await applyAgreements(deps, ctx, plan.agreements);
        await recordConflicts(deps, ctx, input.runId, plan.conflicts);
        // The run's conflicts so far, the pull's included: recorded once each, whichever attempt settled them.
        result.conflicts = await models.FieldConflict.countDocuments({ runId: input.runId });
        result.takenFromCrm = plan.agreements.filter((a) => a.changesMember).length;

        const total = [...plan.byObject.values()].reduce((n, u) => n + u.length, 0);
        // In-flight members with nothing left to push hold the value the dead attempt sent: it landed.
        const planned = new Set([...plan.byObject.values()].flatMap((updates) => updates.map((u) => u.id)));
        const landed = [...inFlightMembers].filter((id) => !planned.has(id)).length;
        result.pushed += landed;
        result.candidates = carried.pushed + carried.failed + landed + total;
        const inFlightPath = inFlight ? (inFlight.bulkJobIds?.length ? 'bulk' : 'collections') : null;
        result.path = total === 0 ? (earlier?.path ?? (landed > 0 ? inFlightPath : null)) : total > ctx.settings.bulkThreshold ? 'bulk' : 'collections';
        // The run shows the push from its first write on, not the pull's last progress.
        if (total > 0) await setRunProgress(models, input.runId, { phase: 'push', done: result.pushed + result.failed, total: result.candidates });
        const now = new Date();
        for (const [object, updates] of plan.byObject) {
          const { connector, guarded, writeRun } = await crm();
          const chunk = result.path === 'bulk' ? updates.length : COLLECTION_CHUNK;
          for (let i = 0; i < updates.length; i += chunk) {
            checkCancelled();
            const writes = updates.slice(i, i + chunk);
            const note: InFlightPush = { object, ids: writes.map((w) => w.id), fields: [...new Set(writes.flatMap((w) => w.memberFields.map((f) => f.field)))] };
            await notePushInFlight(models, input.runId, note);
            const records = writes.map(({ id, fields }) => ({ id, fields }));
            const before = connector.apiCallsUsed;
            // Each bulk job is noted before its records are uploaded: a retry settles it before reading back.
            const onJobCreated = (jobId: string) => notePushBulkJob(models, input.runId, jobId);
            const crmObject = ctx.personObjects[object];
            const results: RecordWriteResult[] = await guarded(() =>
              (result.path as WritePath) === 'bulk'
                ? connector.bulkUpdateRecords({ object: crmObject, records, onJobCreated })
                : connector.updateRecords({ object: crmObject, records }),
            );
            result.calls += connector.apiCallsUsed - before;
            const byId = new Map(results.map((r) => [r.ref, r]));
            const succeeded = writes.filter((w) => byId.get(w.id)?.success);
            await recordPushed(deps, ctx, object, succeeded);
            const failed: PushErrorDoc[] = writes
              .filter((w) => !byId.get(w.id)?.success)
              .map((w) => {
                const error = byId.get(w.id)?.errors[0] ?? { code: 'NO_RESULT', message: 'the CRM returned no result for this record', fields: [] };
                return { runId: input.runId, listId: ctx.listId, connectionId: ctx.connectionId, crmId: w.id, object, values: w.fields, code: error.code, message: error.message, fields: error.fields, resolvedByRunId: null, createdAt: now };
              });
            if (failed.length > 0) await models.PushError.insertMany(failed);
            if (succeeded.length > 0) {
              await models.PushError.updateMany({ listId: ctx.listId, resolvedByRunId: null, crmId: { $in: succeeded.map((w) => w.id) }, runId: { $ne: input.runId } }, { $set: { resolvedByRunId: input.runId } });
            }
            result.pushed += succeeded.length;
            result.failed += failed.length;
            await recordPushChunk(models, input.runId, result, { phase: 'push', done: result.pushed + result.failed, total: result.candidates });
            await writeRun();
          }
        }
        await recordListPush(models, input.runId, result);
        return result;
      });
    },
  };
}
