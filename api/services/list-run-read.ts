/** Reading what a list run adds to a run: membership changes, push errors and field conflicts. */
import type { Models } from '../../domain/models';
import type { ConflictOutcome } from '../../domain/models/field-conflict';
import type { MembershipChangeKind } from '../../domain/models/membership-change';
import { HttpError, NotFoundError } from '../http-errors';

type Paging = { page: number; perPage: number; dir: 'asc' | 'desc' };

const CHANGES_ON_PAGE = 50;
const ERRORS_ON_PAGE = 100;

export async function loadListRun(models: Pick<Models, 'Run'>, runId: string) {
  const run = await models.Run.findById(runId).lean();
  if (!run) throw new NotFoundError(`run ${runId}`);
  if (run.kind !== 'list-sync' && run.kind !== 'list-import') throw new HttpError(400, `run ${runId} is a ${run.kind} run; only list runs have membership changes, conflicts and push errors`);
  return run;
}

/** The open push errors of a list run: records the CRM refused that no later push has written since. */
export async function openPushErrorIds(models: Pick<Models, 'PushError'>, runId: string): Promise<string[]> {
  const open = await models.PushError.find({ runId, resolvedByRunId: null }, { crmId: 1 }).lean();
  return [...new Set(open.map((e) => e.crmId))];
}

export async function listMembershipChanges(models: Pick<Models, 'MembershipChange'>, runId: string, query: Paging & { change?: MembershipChangeKind }) {
  const filter = { runId, ...(query.change ? { change: query.change } : {}) };
  const [changes, total] = await Promise.all([
    models.MembershipChange.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
    models.MembershipChange.countDocuments(filter),
  ]);
  return { changes, total };
}

/** `open` true: not yet written by a later push; false: written since; absent: all. */
export async function listPushErrors(models: Pick<Models, 'PushError'>, runId: string, query: Paging & { open?: boolean }) {
  const filter = { runId, ...(query.open === true ? { resolvedByRunId: null } : query.open === false ? { resolvedByRunId: { $ne: null } } : {}) };
  const [errors, total] = await Promise.all([
    models.PushError.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
    models.PushError.countDocuments(filter),
  ]);
  return { errors, total };
}

export async function listFieldConflicts(models: Pick<Models, 'FieldConflict'>, runId: string, query: Paging & { winner?: 'marketing' | 'crm'; outcome?: ConflictOutcome }) {
  const filter = { runId, ...(query.winner ? { winner: query.winner } : {}), ...(query.outcome ? { outcome: query.outcome } : {}) };
  const [conflicts, total] = await Promise.all([
    models.FieldConflict.find(filter).sort({ crmId: query.dir === 'asc' ? 1 : -1, field: 1 }).skip((query.page - 1) * query.perPage).limit(query.perPage).lean(),
    models.FieldConflict.countDocuments(filter),
  ]);
  return { conflicts, total };
}

/** The first page of each list-run table on the run page, with totals (open push errors counted apart). */
export async function listRunPageSections(models: Pick<Models, 'MembershipChange' | 'PushError' | 'FieldConflict'>, runId: string) {
  const [changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal] = await Promise.all([
    models.MembershipChange.find({ runId }).sort({ change: 1, crmId: 1 }).limit(CHANGES_ON_PAGE).lean(),
    models.MembershipChange.countDocuments({ runId }),
    models.PushError.find({ runId }).sort({ crmId: 1 }).limit(ERRORS_ON_PAGE).lean(),
    models.PushError.countDocuments({ runId, resolvedByRunId: null }),
    models.FieldConflict.find({ runId }).sort({ crmId: 1, field: 1 }).limit(ERRORS_ON_PAGE).lean(),
    models.FieldConflict.countDocuments({ runId }),
  ]);
  return { changes, changeTotal, pushErrors, openPushErrors, conflicts, conflictTotal };
}
