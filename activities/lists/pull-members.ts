import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import { sameMemberValue, toMemberValue } from '../../domain/lists/member-values';
import { ListSourceInvalidError, sourceMemberViews, type SourceView } from '../../domain/lists/source-members';
import { ApplicationFailure } from '@temporalio/activity';
import { emailKeyOf, listMemberKey, type ListMemberDoc } from '../../domain/models/list-member';
import type { MembershipChangeDoc } from '../../domain/models/membership-change';
import type { ListPullInput, ListPullResult } from '../../contract';
import { keepAlive } from '../crm-admin-sync/keep-alive';
import { decideMemberFields, emptyPushPlan, planMember, type PlannedConflict, type PushMember } from '../../domain/lists/push-plan';
import { crmChangedAtOf, recordConflicts } from './settle-fields';
import { openListContext, type ListContext, type ListDeps } from './list-context';
import { recordListPull, setRunProgress } from '../../domain/runs';
import { campaignMemberViews, readCampaignMembersNow } from './campaign-members-now';

const WRITE_BATCH = 1_000;

type StoredMember = Pick<ListMemberDoc, 'crmId' | 'values' | 'syncedValues' | 'localChanges' | 'accountId' | 'ownerId' | 'type'>;

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}

/** The list's copy of a person's values: the chosen fields of the contact view, in member form. */
function valuesOf(ctx: ListContext, view: SourceView): Record<string, unknown> {
  return Object.fromEntries(ctx.fields.map((f) => [f, toMemberValue(ctx.fieldTypes.get(f), view.values?.[f])]));
}

/**
 * Which fields of an existing member change and to what. Pushed fields follow the agreed-value
 * rules (domain/lists/field-decision.ts) whatever the pull settings say: a CRM user's edit arrives
 * in the list, marketing's own change waits for the push, a field both changed is settled by its
 * rule. Other fields chosen for pull-update simply take the CRM's value.
 */
async function pulledChanges(deps: ListDeps, ctx: ListContext, member: StoredMember, fresh: Record<string, unknown>, update: boolean) {
  const pushFields = pushedFieldsOf(ctx);
  const changes: { field: string; before: unknown; after: unknown }[] = [];
  const synced: Record<string, unknown> = {};
  const unset: string[] = [];
  const pushMember: PushMember = { crmId: member.crmId, type: member.type, values: member.values ?? {}, syncedValues: member.syncedValues ?? {}, localChanges: member.localChanges };
  let decided = decideMemberFields(ctx.mapping, ctx.fieldTypes, pushFields, pushMember, fresh);
  if (decided.needsCrmStamp) decided = decideMemberFields(ctx.mapping, ctx.fieldTypes, pushFields, pushMember, fresh, await crmChangedAtOf(deps, ctx.connectionId, ctx.personObjects[member.type], member.crmId));
  const plan = emptyPushPlan();
  planMember(ctx.mapping, ctx.fieldTypes, pushMember, decided.decisions, plan);
  for (const a of plan.agreements) {
    synced[a.field] = a.value;
    if (!a.changesMember) continue;
    changes.push({ field: a.field, before: member.values?.[a.field] ?? null, after: a.value });
    unset.push(a.field);
  }
  const conflicts = plan.conflicts.filter((c) => c.outcome === 'taken-from-crm');
  if (update) {
    for (const field of ctx.settings.pull.updateFields) {
      if (!ctx.fields.includes(field) || pushFields.includes(field)) continue;
      const crmValue = fresh[field];
      const local = member.values?.[field] ?? null;
      synced[field] = crmValue;
      if (!sameMemberValue(local, crmValue)) changes.push({ field, before: local, after: crmValue });
    }
  }
  return { changes, synced, unset, conflicts };
}

/** The list's fields a push writes (none when the list does not push). */
export function pushedFieldsOf(ctx: ListContext): string[] {
  return ctx.settings.push.update ? ctx.fields.filter((f) => ctx.settings.push.fields.includes(f)) : [];
}

/**
 * Brings a list's membership and pulled fields in line with its source in the local CRM copy:
 * joins (add), refreshed fields (update) and leavers (remove), each as the list's settings allow;
 * an import only adds. Every change is recorded for the run. Writes are idempotent (member ids and
 * change ids are natural keys), so a retried attempt repeats nothing.
 */
export function createPullMembersActivity(deps: ListDeps) {
  const { models } = deps;
  return {
    async pullListMembers(input: ListPullInput): Promise<ListPullResult> {
      const ctx = await openListContext(models, input.listId);
      const importing = input.mode === 'import';
      const add = importing || ctx.settings.pull.add;
      const update = !importing && ctx.settings.pull.update;
      const remove = !importing && ctx.settings.pull.remove;
      const result: ListPullResult = { joined: 0, left: 0, updated: 0, unchanged: 0, members: 0, conflicts: 0 };
      const now = new Date();
      await setRunProgress(models, input.runId, { phase: 'pull', done: 0 });

      return keepAlive(() => result, (checkCancelled) => pull(checkCancelled).catch((err: unknown) => {
        // A stored source that cannot be read will not read better on the next attempt.
        if (err instanceof ListSourceInvalidError) throw ApplicationFailure.create({ type: 'ListSourceInvalid', message: err.message, nonRetryable: true });
        throw err;
      }));

      async function pull(checkCancelled: () => void): Promise<ListPullResult> {
        const existing = new Map<string, StoredMember>();
        for await (const m of models.ListMember.find({ listId: ctx.listId }, { crmId: 1, values: 1, syncedValues: 1, localChanges: 1, accountId: 1, ownerId: 1, type: 1 }).lean().cursor({ batchSize: 5000 })) {
          existing.set(m.crmId, m);
        }

        let inserts: ListMemberDoc[] = [];
        let updates: Parameters<typeof models.ListMember.bulkWrite>[0] = [];
        let changes: MembershipChangeDoc[] = [];
        let conflicts: PlannedConflict[] = [];
        const change = (crmId: string, kind: MembershipChangeDoc['change'], email: unknown, fields?: MembershipChangeDoc['fields']) =>
          changes.push({ _id: `${input.runId}:${crmId}`, runId: input.runId, listId: ctx.listId, crmId, change: kind, email: emailKeyOf(email), ...(fields ? { fields } : {}), at: now });
        const flush = async () => {
          checkCancelled();
          if (inserts.length > 0) await models.ListMember.insertMany(inserts, { ordered: false }).catch((err) => { if (!isDuplicateKey(err)) throw err; });
          if (updates.length > 0) await bulkWriteInChunks(models.ListMember, updates);
          if (changes.length > 0) await models.MembershipChange.insertMany(changes, { ordered: false }).catch((err) => { if (!isDuplicateKey(err)) throw err; });
          await recordConflicts(deps, ctx, input.runId, conflicts);
          result.conflicts = (result.conflicts ?? 0) + conflicts.length;
          inserts = [];
          updates = [];
          changes = [];
          conflicts = [];
          await setRunProgress(models, input.runId, { phase: 'pull', done: result.joined + result.updated + result.unchanged });
        };

        const campaignNow = await readCampaignMembersNow(deps, ctx);
        if (campaignNow) result.sourceRead = { members: campaignNow.ids.size, calls: campaignNow.calls };
        const views = campaignNow ? campaignMemberViews(models, ctx.connectionId, campaignNow.ids) : sourceMemberViews(models, ctx.connectionId, ctx.source, now);
        const seen = new Set<string>();
        for await (const view of views) {
          seen.add(view.crmId);
          const fresh = valuesOf(ctx, view);
          const member = existing.get(view.crmId);
          if (!member) {
            if (!add) continue;
            inserts.push({
              _id: listMemberKey(ctx.listId, view.crmId),
              listId: ctx.listId,
              connectionId: ctx.connectionId,
              crmId: view.crmId,
              type: view.type,
              values: fresh,
              syncedValues: fresh,
              emailKey: emailKeyOf(fresh.email),
              accountId: view.accountId ?? null,
              ownerId: view.ownerId ?? null,
              behaviorScore: null,
              joinedAt: now,
              updatedAt: now,
            });
            change(view.crmId, 'joined', fresh.email);
            result.joined += 1;
          } else {
            const { changes: fieldChanges, synced, unset, conflicts: settled } = importing ? { changes: [], synced: {}, unset: [], conflicts: [] } : await pulledChanges(deps, ctx, member, fresh, update);
            conflicts.push(...settled);
            const linksMoved = member.accountId !== (view.accountId ?? null) || member.ownerId !== (view.ownerId ?? null);
            const $set: Record<string, unknown> = {};
            for (const [field, value] of Object.entries(synced)) $set[`syncedValues.${field}`] = value;
            for (const c of fieldChanges) $set[`values.${c.field}`] = c.after;
            if (fieldChanges.some((c) => c.field === 'email')) $set.emailKey = emailKeyOf(fresh.email);
            // Account and owner links always follow the CRM: segments read them, nobody edits them here.
            if (linksMoved) Object.assign($set, { accountId: view.accountId ?? null, ownerId: view.ownerId ?? null });
            const agreedMoved = Object.keys(synced).some((f) => !Object.prototype.hasOwnProperty.call(member.syncedValues ?? {}, f) || !sameMemberValue(member.syncedValues?.[f], synced[f]));
            if (fieldChanges.length > 0 || linksMoved || agreedMoved) {
              const $unset = Object.fromEntries(unset.map((f) => [`localChanges.${f}`, 1]));
              updates.push({ updateOne: { filter: { _id: listMemberKey(ctx.listId, view.crmId) }, update: unset.length > 0 ? { $set: { ...$set, updatedAt: now }, $unset } : { $set: { ...$set, updatedAt: now } } } });
            }
            if (fieldChanges.length > 0) {
              change(view.crmId, 'updated', fresh.email, fieldChanges);
              result.updated += 1;
            } else result.unchanged += 1;
          }
          if (inserts.length + updates.length >= WRITE_BATCH) await flush();
        }
        await flush();

        if (remove) {
          const leavers = [...existing.values()].filter((m) => !seen.has(m.crmId));
          for (let i = 0; i < leavers.length; i += WRITE_BATCH) {
            const batch = leavers.slice(i, i + WRITE_BATCH);
            for (const m of batch) change(m.crmId, 'left', m.values?.email);
            await flush();
            await models.ListMember.deleteMany({ listId: ctx.listId, crmId: { $in: batch.map((m) => m.crmId) } });
          }
          result.left = leavers.length;
        }
        result.members = await models.ListMember.countDocuments({ listId: ctx.listId });
        await models.MarketingList.updateOne({ _id: ctx.listId }, { $set: { memberCount: result.members } });
        await recordListPull(models, input.runId, result);
        return result;
      }
    },
  };
}
