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
  batch.forEach((raw, index) => {
    const checked = checkEvent(raw, now);
    if (checked.ok) docs.push({ ...checked.event, receivedAt: now });
    else rejected.push({ index, reason: checked.reason });
  });
  let stored = 0;
  for (let i = 0; i < docs.length; i += INSERT_CHUNK) stored += await insertIgnoringDuplicates(models, docs.slice(i, i + INSERT_CHUNK));
  return { received: batch.length, stored, duplicates: docs.length - stored, rejected };
}

async function insertIgnoringDuplicates(models: Pick<Models, 'EngagementEvent'>, docs: EngagementEventDoc[]): Promise<number> {
  try {
    // The driver's collection, not the model: the events are validated above and mongoose's
    // insertMany would hide the inserted count behind its own error shape.
    const events = models.EngagementEvent.collection as unknown as mongo.Collection<EngagementEventDoc>;
    const result = await events.insertMany(docs, { ordered: false });
    return result.insertedCount;
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
    return err.insertedCount;
  }
}
