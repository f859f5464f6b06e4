import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { removeProgramSchedule } from '../../domain/schedules/program-schedules';
import { deleteSchedule } from '../../domain/schedules/schedule-client';
import { listScheduleId, listSyncWorkflowId } from '../../contract';

/**
 * Removes a list and everything local to it (members, recorded changes, push errors); a run in
 * progress is cancelled first. Nothing is deleted in the CRM.
 */
export async function removeList(deps: { models: Models; temporal: Client }, listId: string): Promise<void> {
  const { models } = deps;
  await deleteSchedule(deps.temporal, listScheduleId(listId));
  if (await models.Run.exists({ listId, status: { $in: ['queued', 'running', 'paused'] } })) {
    await deps.temporal.workflow
      .getHandle(listSyncWorkflowId(listId))
      .cancel()
      .catch(() => undefined);
  }
  // The list's programs go with it (and their schedules); programs of other lists that add to or
  // remove from this one fail their next run with a clear message instead.
  for (const program of await models.Program.find({ listId }, { _id: 1 }).lean()) await removeProgramSchedule(deps.temporal, String(program._id));
  await models.Program.deleteMany({ listId });
  await models.ListMember.deleteMany({ listId });
  await models.MembershipChange.deleteMany({ listId });
  await models.PushError.deleteMany({ listId });
  await models.MarketingList.deleteOne({ _id: listId });
}
