import type { Models } from '../../domain/models';

/** Renames a list here only: the CRM's campaign or source keeps its own name. */
export async function renameList(models: Pick<Models, 'MarketingList'>, listId: string, name: string): Promise<void> {
  await models.MarketingList.updateOne({ _id: listId }, { $set: { name } });
}
