import { Context } from '@temporalio/activity';
import type { ContactViewContent } from '../../domain/contacts/build-contact-view';
import { bulkWriteInChunks } from '../../domain/db/bulk-write';
import type { Models } from '../../domain/models';

export interface ContactViewCounts {
  rebuilt: boolean;
  /** 'full': every Lead and Contact; 'incremental': only the people this run touched. */
  mode: 'full' | 'incremental' | null;
  /** Why this mode, in words ops read on the run page. */
  reason: string;
  /** People whose view was considered. */
  people: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  valueErrors: number;
  /** The contact-links index is in step with the views: the next run may rebuild incrementally. */
  linksIndexed: boolean;
}

export function emptyViewCounts(reason: string): ContactViewCounts {
  return { rebuilt: false, mode: null, reason, people: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, valueErrors: 0, linksIndexed: false };
}

const BATCH = 1000;

/**
 * Collects rebuilt views and writes them in batches: new ones with insertMany, changed ones (other
 * content hash) with chunked bulk updates, unchanged ones not at all; value errors of written views
 * become the run's error entries.
 */
export function createViewWriter(models: Models, input: { connectionId: string; runId: string }, result: ContactViewCounts) {
  const { connectionId, runId } = input;
  const errorsByType = { Lead: 0, Contact: 0 };
  let inserts: ContactViewContent[] = [];
  let updates: ContactViewContent[] = [];
  const flush = async () => {
    // Taken first: views offered while this batch is written go into the next one.
    const [inserting, updating] = [inserts, updates];
    inserts = [];
    updates = [];
    const updatedAt = new Date();
    if (inserting.length > 0) await models.ContactView.insertMany(inserting.map((v) => ({ ...v, updatedAt })), { ordered: false });
    if (updating.length > 0) {
      await bulkWriteInChunks(
        models.ContactView,
        updating.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $set: { ...rest, updatedAt } } } })),
      );
    }
    const errors = [...inserting, ...updating].flatMap((v) =>
      v.valueErrors.map((e) => ({ runId, connectionId, object: v.type, recordId: v.crmId, field: e.field, crmField: e.crmField, rawValue: e.rawValue, reason: e.reason, createdAt: updatedAt })),
    );
    if (errors.length > 0) await models.SyncError.insertMany(errors, { ordered: false });
    result.valueErrors += errors.length;
    for (const e of errors) errorsByType[e.object as 'Lead' | 'Contact'] += 1;
    Context.current().heartbeat(result);
  };
  return {
    errorsByType,
    flush,
    /** `storedHash` is the content hash of the person's current view, undefined when it has none. */
    async offer(view: ContactViewContent, storedHash: string | undefined): Promise<void> {
      result.people += 1;
      if (storedHash === undefined) (inserts.push(view), result.inserted++);
      else if (storedHash !== view.contentHash) (updates.push(view), result.updated++);
      else result.unchanged++;
      if (inserts.length + updates.length >= BATCH) await flush();
    },
  };
}

export type ViewWriter = ReturnType<typeof createViewWriter>;
