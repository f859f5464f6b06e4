import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { removeSchedule } from '../../domain/schedules/target-schedules';
import { listSyncWorkflowId } from '../../contract';

/**
 * Removes a list and everything local to it (members, recorded changes, push errors); a run in
 * progress is cancelled first. Nothing is deleted in the CRM.
 */
export async function removeList(deps: { models: Models; temporal: Client }, listId: string): Promise<void> {
  const { models } = deps;
  await removeSchedule(deps.temporal, { kind: 'list', listId });
  if (await models.Run.exists({ listId, status: { $in: ['queued', 'running', 'paused'] } })) {
    await deps.temporal.workflow
      .getHandle(listSyncWorkflowId(listId))
      .cancel()
      .catch(() => undefined);
  }
  // The list's programs go with it (and their schedules); programs of other lists that add to or
  // remove from this one fail their next run with a clear message instead.
  for (const program of await models.Program.find({ listId }, { _id: 1 }).lean()) await removeSchedule(deps.temporal, { kind: 'program', programId: String(program._id) });
  await models.Program.deleteMany({ listId });
  await models.ListMember.deleteMany({ listId });
  await models.MembershipChange.deleteMany({ listId });
  await models.PushError.deleteMany({ listId });
  await models.MarketingList.deleteOne({ _id: listId });
}
