/** Reading lists for the list pages and API: the index, one list, its members and the "new list" choices. */
import { Types } from 'mongoose';
import { crmModel } from '../../domain/crm/crm-registry';
import type { Models } from '../../domain/models';
import { NotFoundError } from '../http-errors';
import { readKeysetPage, type KeysetPaging } from '../keyset';

type MemberPaging = KeysetPaging & { sort: 'email' | 'joinedAt' | 'updatedAt'; dir: 'asc' | 'desc' };
/** The list whose members are read: the total shown is its maintained memberCount, never a count of list_members. */
type PagedList = { id: string; memberCount?: number | null };

const MEMBER_SORT: Record<MemberPaging['sort'], string> = { email: 'emailKey', joinedAt: 'joinedAt', updatedAt: 'updatedAt' };
const CAMPAIGNS_OFFERED = 500;
const RUNS_ON_LIST_PAGE = 10;
const OPEN_ERRORS_ON_LIST_PAGE = 20;

export async function loadList(models: Pick<Models, 'MarketingList'>, id: string) {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError(`list ${id}`);
  const list = await models.MarketingList.findById(id).lean();
  if (!list) throw new NotFoundError(`list ${id}`);
  return list;
}

export async function listLists(models: Pick<Models, 'MarketingList'>) {
  return models.MarketingList.find().sort({ name: 1 }).lean();
}

/** The lists index: every list with its connection's name, its last run and its open push errors, keyed by list id. */
export async function loadListsIndex(models: Pick<Models, 'MarketingList' | 'Connection' | 'Run' | 'PushError'>) {
  const lists = await listLists(models);
  const ids = lists.map((l) => String(l._id));
  const connections = await models.Connection.find({}, { name: 1, crm: 1 }).lean();
  const connectionNames = Object.fromEntries(connections.map((c) => [String(c._id), c.name]));
  // What each list's CRM calls a campaign (a Target List, a marketing list), for the source column.
  const campaignLabels = Object.fromEntries(connections.map((c) => [String(c._id), crmModel(c.crm).campaign.label]));
  const lastRuns = Object.fromEntries(
    (await Promise.all(ids.map((id) => models.Run.findOne({ listId: id }, { status: 1, createdAt: 1, error: 1 }).sort({ createdAt: -1 }).lean()))).map((r, i) => [ids[i], r]),
  );
  const openErrors = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await models.PushError.countDocuments({ listId: id, resolvedByRunId: null })] as const)));
  return { lists, connectionNames, campaignLabels, lastRuns, openErrors };
}

/** A page of a list's members in the chosen order, crm id breaking ties; `next` is the cursor of the page after. */
export async function listMembers(models: Pick<Models, 'ListMember'>, list: PagedList, query: MemberPaging) {
  const keys = [
    { field: MEMBER_SORT[query.sort], dir: query.dir === 'asc' ? 1 : -1 },
    { field: 'crmId', dir: 1 },
  ] as const;
  const { rows, next } = await readKeysetPage(models.ListMember, { listId: list.id }, keys, query);
  return { members: rows, total: list.memberCount ?? 0, next };
}

/** The list page: a page of members, the last runs, the open push errors and the list's connection (with its mapping). */
export async function loadListPage(models: Pick<Models, 'ListMember' | 'Run' | 'PushError' | 'Connection'>, list: PagedList & { connectionId: string }, query: MemberPaging) {
  const [{ members, total, next }, runs, openErrors, connection] = await Promise.all([
    listMembers(models, list, query),
    models.Run.find({ listId: list.id }).sort({ createdAt: -1 }).limit(RUNS_ON_LIST_PAGE).lean(),
    models.PushError.find({ listId: list.id, resolvedByRunId: null }).sort({ createdAt: -1 }).limit(OPEN_ERRORS_ON_LIST_PAGE).lean(),
    models.Connection.findById(list.connectionId, { name: 1, mapping: 1, crm: 1 }).lean(),
  ]);
  return { members, total, next, runs, openErrors, connection };
}

/**
 * The connections a new list can use, and for the chosen one (the only one, when there is one) its
 * CRM model (what its campaigns are called, whether it offers a filter source) and its campaigns.
 */
export async function loadNewListChoices(models: Pick<Models, 'Connection' | 'crmRecords'>, requestedConnectionId: unknown) {
  const connections = await models.Connection.find({}, { name: 1, crm: 1, mapping: 1 }).sort({ name: 1 }).lean();
  const connectionId = typeof requestedConnectionId === 'string' && requestedConnectionId ? requestedConnectionId : connections.length === 1 ? String(connections[0]._id) : '';
  const connection = connections.find((c) => String(c._id) === connectionId);
  const model = crmModel(connection?.crm);
  const { object, nameField, statusField } = model.campaign;
  const projection = { crmId: 1, [`fields.${nameField}`]: 1, ...(statusField ? { [`fields.${statusField}`]: 1 } : {}) };
  const campaigns = connection
    ? (await models.crmRecords[object].find({ connectionId }, projection).sort({ [`fields.${nameField}`]: 1 }).limit(CAMPAIGNS_OFFERED).lean()).map((c) => ({
        id: c.crmId,
        name: String(c.fields?.[nameField] ?? c.crmId),
        status: statusField && c.fields?.[statusField] ? String(c.fields[statusField]) : '',
      }))
    : [];
  return { connections, connectionId, connection, model, campaigns };
}
