import { ApplicationFailure, Context } from '@temporalio/activity';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { ListMemberDoc, ListMemberModel } from '../../domain/models/list-member';
import { changedValue } from '../../domain/programs/step-targets';
import { describeStep } from '../../domain/programs/steps';
import { PROGRAM_NOT_FOUND_FAILURE, type ProgramStepInput, type ProgramStepResult } from '../../contract/programs';
import { keepAlive } from '../crm-admin-sync/keep-alive';
import { addMembersToList, removeMembersFromList } from './list-membership';
import type { ProgramDeps } from './program-deps';
import { selectMembers } from './select-members';
import { setRunProgress } from '../../domain/runs';

/** Members read per page: bounded memory whatever the list's size. */
export const MEMBER_PAGE = 1_000;

type Progress = { cursor: string | null; matched: number; changed: number };
export type PageMember = Pick<ListMemberDoc, '_id' | 'crmId' | 'type' | 'values' | 'behaviorScore' | 'accountId' | 'ownerId' | 'emailKey'>;

/**
 * Runs one step over the list's members in crmId order, a page at a time. Every write is
 * conditional on the member not already being as the step wants it, so a retried attempt (resumed
 * from its heartbeat cursor) or a second run writes nothing more and counts nothing twice.
 */
export function createRunStepActivity(deps: ProgramDeps) {
  const { models } = deps;
  return {
    async runProgramStep(input: ProgramStepInput): Promise<ProgramStepResult> {
      const { step, listId, index } = input;
      const resumed = Context.current().info.heartbeatDetails as Progress | undefined;
      const progress: Progress = resumed ?? { cursor: null, matched: 0, changed: 0 };
      const list = await models.MarketingList.findById(listId, { connectionId: 1, fields: 1 }).lean();
      if (!list) throw ApplicationFailure.create({ type: PROGRAM_NOT_FOUND_FAILURE, message: `list ${listId} no longer exists`, nonRetryable: true });
      return keepAlive(() => progress, async (checkCancelled) => {
        // Inside keepAlive: evaluating a condition over a large list can outlast the heartbeat timeout.
        const selected = await selectMembers(deps, list, step.when, new Date());
        // One cursor in crmId order, handled a page at a time: on FerretDB v1 every find scans and
        // sorts the whole collection, so a find per page would make a large list quadratic.
        const filter = progress.cursor === null ? { listId } : { listId, crmId: { $gt: progress.cursor } };
        const cursor = models.ListMember.find(filter, { crmId: 1, type: 1, values: 1, behaviorScore: 1, accountId: 1, ownerId: 1, emailKey: 1 })
          .sort({ crmId: 1 })
          .lean()
          .cursor({ batchSize: MEMBER_PAGE });
        const handlePage = async (page: PageMember[]) => {
          checkCancelled();
          const matching = selected ? page.filter((m) => selected.has(m.crmId)) : page;
          progress.matched += matching.length;
          progress.changed += await applyStep(deps, input, list.fields, matching);
          progress.cursor = page[page.length - 1].crmId;
          Context.current().heartbeat(progress);
          await setRunProgress(models, input.runId, { phase: `step ${index + 1}`, step: index, done: progress.matched });
        };
        let page: PageMember[] = [];
        try {
          for await (const member of cursor) {
            page.push(member as PageMember);
            if (page.length < MEMBER_PAGE) continue;
            await handlePage(page);
            page = [];
          }
          if (page.length > 0) await handlePage(page);
        } finally {
          await cursor.close();
        }
        return { index, kind: step.kind, description: describeStep(step), matched: progress.matched, changed: progress.changed };
      });
    },
  };
}

async function applyStep(deps: ProgramDeps, input: ProgramStepInput, sourceFields: string[], members: PageMember[]): Promise<number> {
  if (members.length === 0) return 0;
  const { step } = input;
  switch (step.kind) {
    case 'change_field': {
      const now = new Date();
      const ops: Parameters<ListMemberModel['bulkWrite']>[0] = [];
      for (const m of members) {
        const change = changedValue(step, m);
        // The change note tells a later push when marketing changed the field and whether it was
        // cleared on purpose: only an explicit clear may blank a CRM value (domain/lists/field-decision.ts).
        const note = { at: now, ...(step.set.kind === 'clear' ? { clear: true } : {}) };
        if (change) ops.push({ updateOne: { filter: { _id: m._id }, update: { $set: { [`values.${step.field}`]: change.value, [`localChanges.${step.field}`]: note, updatedAt: now } } } });
      }
      await bulkWriteInChunks(deps.models.ListMember, ops);
      return ops.length;
    }
    case 'add_to_list':
      return addMembersToList(deps.models, step.listId, sourceFields, members);
    case 'remove_from_list':
      return removeMembersFromList(deps.models, step.listId, members.map((m) => m.crmId));
  }
}
