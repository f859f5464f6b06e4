import { mongo } from 'mongoose';
import type { Models } from '../models';
import type { EngagementEventDoc } from '../models/engagement-event';
import { checkEvent } from './event-input';

/** Inserts per round trip; a duplicate fails alone and the rest of its chunk still goes in (unordered). */
const INSERT_CHUNK = 1_000;
const DUPLICATE_KEY = 11000;

export interface IngestResult {
  received: number;
  /** New events stored now. */
  stored: number;
  /** Valid events already stored (same idempotency key or same content): not counted twice. */
  duplicates: number;
  rejected: { index: number; reason: string }[];
}

/** Stores the valid events of a batch and reports each rejected one by its index in the batch. */
export async function ingestEvents(models: Pick<Models, 'EngagementEvent'>, batch: readonly unknown[], now = new Date()): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = [];
  const docs: EngagementEventDoc[] = [];
  /** Each stored candidate's index in the batch, so a database refusal names the right event. */
  const batchIndex: number[] = [];
  batch.forEach((raw, index) => {
    const checked = checkEvent(raw, now);
    if (checked.ok) {
      docs.push({ ...checked.event, receivedAt: now });
      batchIndex.push(index);
    } else {
      rejected.push({ index, reason: checked.reason });
    }
  });
  let stored = 0;
  let refused = 0;
  for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
    const outcome = await insertIgnoringDuplicates(models, docs.slice(i, i + INSERT_CHUNK));
    stored += outcome.inserted;
    refused += outcome.refused.length;
    for (const r of outcome.refused) rejected.push({ index: batchIndex[i + r.index], reason: `the database refused this event (code ${r.code})` });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { received: batch.length, stored, duplicates: docs.length - stored - refused, rejected };
}

/**
 * Inserts a chunk unordered. Duplicates are the idempotency working; any other per-event refusal
 * is returned (by index in the chunk) so it becomes that event's rejection, never the batch's 500.
 */
async function insertIgnoringDuplicates(
  models: Pick<Models, 'EngagementEvent'>,
  docs: EngagementEventDoc[],
): Promise<{ inserted: number; refused: { index: number; code: number | undefined }[] }> {
  try {
    // The driver's collection, not the model: the events are validated above and mongoose's
    // insertMany would hide the inserted count behind its own error shape.
    const events = models.EngagementEvent.collection as unknown as mongo.Collection<EngagementEventDoc>;
    const result = await events.insertMany(docs, { ordered: false });
    return { inserted: result.insertedCount, refused: [] };
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    const refused = errors.filter((e) => e.code !== DUPLICATE_KEY).map((e) => ({ index: e.index, code: e.code }));
    return { inserted: err.insertedCount, refused };
  }
}
