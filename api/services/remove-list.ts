import type { Client } from '@temporalio/client';
import type { Models } from '../../domain/models';
import { deleteSchedule } from '../../domain/schedules/schedule-client';
import { listScheduleId, listSyncWorkflowId } from '../../workflows/contract';

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
  await models.ListMember.deleteMany({ listId });
  await models.MembershipChange.deleteMany({ listId });
  await models.PushError.deleteMany({ listId });
  await models.MarketingList.deleteOne({ _id: listId });
}
