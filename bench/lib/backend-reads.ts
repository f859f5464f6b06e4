/**
 * The reads and writes the interactive pages lean on, timed on one MongoDB-compatible database:
 * documents shaped like list members (`_id` = list:crmId), with the model's index on
 * (listId, crmId) created through the driver, as mongoose does.
 *
 * API: measureBackendReads(mongoUri, { documents, lists, samples }) → milliseconds per operation
 */
import mongoose from 'mongoose';
import { median, timed } from './stats';

export interface BackendReadFigures {
  insert_ms: number;
  find_by_field_ms: number;
  update_by_field_ms: number;
  find_by_id_ms: number;
  list_page_by_id_ms: number;
  count_all_ms: number;
  count_list_ms: number;
}

const PAGE_SIZE = 50;

async function medianMs(samples: number, operation: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) times.push((await timed(() => operation(i))).seconds * 1000);
  return median(times);
}

export async function measureBackendReads(mongoUri: string, options: { documents: number; lists: number; samples: number }): Promise<BackendReadFigures> {
  const client = new mongoose.mongo.MongoClient(mongoUri, { directConnection: true });
  await client.connect();
  try {
    const members = client.db().collection<{ _id: string; listId: string; crmId: string; values: Record<string, unknown> }>('list_members');
    await members.createIndex({ listId: 1, crmId: 1 });
    const now = new Date();
    const docs = Array.from({ length: options.documents }, (_, i) => {
      const listId = `list${i % options.lists}`;
      const crmId = `003${String(i).padStart(12, '0')}`;
      return { _id: `${listId}:${crmId}`, listId, crmId, values: { email: `p${i}@example.com`, behaviorScore: i % 100 }, joinedAt: now, updatedAt: now };
    });
    const insert = await timed(() => members.insertMany(docs, { ordered: false }));
    // Spread over the collection, the same picks on every backend.
    const pick = (i: number) => docs[Math.floor(((i + 0.5) * docs.length) / options.samples) % docs.length];
    return {
      insert_ms: insert.seconds * 1000,
      find_by_field_ms: await medianMs(options.samples, (i) => members.findOne({ crmId: pick(i).crmId })),
      update_by_field_ms: await medianMs(options.samples, (i) => members.updateOne({ crmId: pick(i).crmId }, { $set: { 'values.behaviorScore': 1000 + i } })),
      find_by_id_ms: await medianMs(options.samples, (i) => members.findOne({ _id: pick(i)._id })),
      list_page_by_id_ms: await medianMs(Math.min(options.samples, 5), (i) => members.find({ listId: `list${i % options.lists}` }).sort({ _id: 1 }).limit(PAGE_SIZE).toArray()),
      count_all_ms: await medianMs(3, () => members.countDocuments({})),
      count_list_ms: await medianMs(3, (i) => members.countDocuments({ listId: `list${i % options.lists}` })),
    };
  } finally {
    // Each repeat starts from an empty server, whatever the backend keeps per database.
    await client.db().dropDatabase().catch(() => undefined);
    await client.close();
  }
}
