import type { Models } from '../models';
import type { AdminSyncObjectCounts, RunProgress } from './run-shapes';

type RunModels = Pick<Models, 'Run'>;

/** One write of an admin sync's run document: any of its object counts, pull checkpoints and progress. */
export interface AdminSyncRunPatch {
  /** Per CRM object, only the fields given are set (other fields of the object's counts stay). */
  objects?: Record<string, Partial<AdminSyncObjectCounts>>;
  /** Per checkpoint key (see activities/crm-admin-sync/checkpoint.ts), the whole checkpoint. */
  checkpoints?: Record<string, unknown>;
  progress?: RunProgress | null;
  /** CRM API calls made since the last write. */
  apiCalls?: number;
  /** The CRM's daily API usage as last reported. */
  apiUsage?: { used: number; max: number };
  /** Rate-limit waits since the last write; given (even as zeros) only by connectors that wait them out. */
  rateLimitWaits?: { waits: number; waitedMs: number };
}

/** The patch as dotted paths, so concurrent writers of different objects never overwrite each other. */
export function adminSyncRunSet(patch: AdminSyncRunPatch): Record<string, unknown> {
  const $set: Record<string, unknown> = {};
  for (const [object, counts] of Object.entries(patch.objects ?? {})) {
    for (const [field, value] of Object.entries(counts)) if (value !== undefined) $set[`counts.${object}.${field}`] = value;
  }
  for (const [key, checkpoint] of Object.entries(patch.checkpoints ?? {})) $set[`checkpoints.${key}`] = checkpoint;
  if (patch.progress !== undefined) $set.progress = patch.progress;
  if (patch.apiUsage) $set.apiUsage = { used: patch.apiUsage.used, max: patch.apiUsage.max };
  return $set;
}

/**
 * The counters the patch adds to. Rate-limit waits are added even when zero, so a run of a CRM that
 * is met with waits says "0 waits" rather than nothing; a run of a CRM that is not says nothing.
 */
export function adminSyncRunInc(patch: AdminSyncRunPatch): Record<string, number> {
  const $inc: Record<string, number> = {};
  if ((patch.apiCalls ?? 0) > 0) $inc.apiCalls = patch.apiCalls as number;
  if (patch.rateLimitWaits) {
    $inc['rateLimitWaits.waits'] = patch.rateLimitWaits.waits;
    $inc['rateLimitWaits.waitedMs'] = patch.rateLimitWaits.waitedMs;
  }
  return $inc;
}

export async function updateAdminSyncRun(models: RunModels, runId: string, patch: AdminSyncRunPatch): Promise<void> {
  const $set = adminSyncRunSet(patch);
  const $inc = adminSyncRunInc(patch);
  // Zero waits alone are no reason to write: they ride along with the next write that has one.
  const news = Object.keys($set).length > 0 || (patch.apiCalls ?? 0) > 0 || (patch.rateLimitWaits?.waits ?? 0) > 0;
  if (!news) return;
  await models.Run.updateOne({ _id: runId }, { ...(Object.keys($inc).length > 0 ? { $inc } : {}), ...(Object.keys($set).length > 0 ? { $set } : {}) });
}

/** When an object's step began, for the run's timeline: the first attempt's time, kept by retries. */
export async function noteObjectPullStarted(models: RunModels, runId: string, object: string): Promise<void> {
  await models.Run.updateOne({ _id: runId, [`counts.${object}.startedAt`]: { $exists: false } }, { $set: { [`counts.${object}.startedAt`]: new Date() } });
}

/** A stored pull checkpoint; its shape belongs to the activity that wrote it. */
export async function storedRunCheckpoint<T>(models: RunModels, runId: string, key: string): Promise<T | undefined> {
  const run = await models.Run.findById(runId, { [`checkpoints.${key}`]: 1 }).lean();
  return (run?.checkpoints as Record<string, T> | undefined)?.[key];
}

/** What the contact-view rebuild did; with errors, the Lead and Contact values it could not coerce. */
export async function recordContactViews(models: RunModels, runId: string, result: object, errors?: { Lead: number; Contact: number }): Promise<void> {
  await models.Run.updateOne({ _id: runId }, { $set: { contactViews: result, ...(errors ? { 'counts.Lead.errors': errors.Lead, 'counts.Contact.errors': errors.Contact } : {}) } });
}
