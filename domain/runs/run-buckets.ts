import type { Connection as MongooseConnection } from 'mongoose';
import type { SequenceDoc } from '../models/sequence';

/**
 * The runs page reads runs newest first by equality on a bucket number, not by sorting the runs
 * collection: FerretDB (the embedded database) hands only top-level equalities to PostgreSQL and
 * sorts everything else itself, so a sorted page of 100,000 runs decoded all 100,000 (58 s in the
 * interactive benchmark). Every run takes the next number of the `runs` sequence when it is stored;
 * the hundred runs with neighbouring numbers share a bucket, and a hundred buckets an era. A page
 * then reads a bucket or two (api/services/newest-runs-page.ts).
 */
export const RUN_BUCKET_SIZE = 100;
export const BUCKETS_PER_ERA = 100;
/** Runs stored before buckets existed; read last, as one bucket. */
export const LEGACY_BUCKET = -1;
export const RUN_SEQUENCE = 'runs';

export interface RunBucketFields {
  bucket: number;
  era: number;
}

export const bucketOfSeq = (seq: number): number => Math.floor(seq / RUN_BUCKET_SIZE);
export const eraOfBucket = (bucket: number): number => (bucket < 0 ? LEGACY_BUCKET : Math.floor(bucket / BUCKETS_PER_ERA));
export const firstBucketOfEra = (era: number): number => era * BUCKETS_PER_ERA;

export function runBucketFields(seq: number): RunBucketFields {
  const bucket = bucketOfSeq(seq);
  return { bucket, era: eraOfBucket(bucket) };
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Takes `count` numbers of the sequence at once; returns the first. Numbers may repeat under
 * concurrent takes on FerretDB (see newestRunBucket): a bucket then holds a few more runs, no run is
 * lost. Two processes creating the sequence at the same moment: one insert loses with a duplicate
 * key, and its second try increments the sequence the other created.
 */
export async function takeRunSeqs(db: MongooseConnection, count: number): Promise<number> {
  const take = () => db.collection<SequenceDoc>('sequences').findOneAndUpdate({ _id: RUN_SEQUENCE }, { $inc: { value: count } }, { upsert: true, returnDocument: 'after' });
  const taken = await take().catch((err: unknown) => {
    if (isDuplicateKey(err)) return take();
    throw err;
  });
  if (!taken) throw new Error('the runs sequence could not be read');
  return taken.value - count + 1;
}

/**
 * The bucket a newest-first walk starts at: the sequence's bucket and the one after it. FerretDB
 * v1 does not make `$inc` atomic (20 concurrent takes measured 1 to 5 each, 2 to 5 times over):
 * numbers repeat, and a slow take's write can set the sequence back a few numbers below ones
 * already handed out. Numbers stay close to the truth, so the runs of a bucket the sequence went
 * back below are found by also reading the next bucket (an empty read costs a few milliseconds).
 */
export async function newestRunBucket(db: MongooseConnection): Promise<number> {
  const sequence = await db.collection<SequenceDoc>('sequences').findOne({ _id: RUN_SEQUENCE });
  return sequence && sequence.value > 0 ? bucketOfSeq(sequence.value) + 1 : LEGACY_BUCKET;
}

/**
 * Runs stored by a version without buckets join the legacy bucket, once: the first start that finds
 * no `runs` sequence marks them, then creates it. Runs stored meanwhile by another process already
 * have a bucket and are left alone, so two processes starting at once are harmless.
 */
export async function bucketLegacyRuns(db: MongooseConnection): Promise<number> {
  const sequences = db.collection<SequenceDoc>('sequences');
  if (await sequences.findOne({ _id: RUN_SEQUENCE })) return 0;
  const result = await db.collection('runs').updateMany({ bucket: { $exists: false } }, { $set: { bucket: LEGACY_BUCKET, era: LEGACY_BUCKET } });
  // Another process starting at once may create it first: its duplicate key is no error here.
  await sequences.updateOne({ _id: RUN_SEQUENCE }, { $setOnInsert: { value: 0 } }, { upsert: true }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  return result.modifiedCount;
}
