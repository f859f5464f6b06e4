/**
 * A benchmark's org and database, seeded fast: the emulator generates the org, and the local copy
 * (crm_* records and contact views) is written with insertMany in exactly the shapes the CRM
 * Administration sync writes (activities/crm-admin-sync/store-records.ts, contact-views.ts), without
 * paying for a full pull of hundreds of thousands of records in every benchmark. A connection with
 * the demo mapping points at the emulator; a worker process runs the real activities on it.
 *
 * API:
 *   const org = await seedBenchOrg({ services, name: 'score_push', people: 10_000, objects: ['Contact'], contactViews: ['Contact'], log });
 *   org.emulator, org.models, org.connectionId, org.worker, org.temporal (client)
 *   await org.close()   // stops the worker, drops the database, closes the emulator
 */
import crypto from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { sealConnection } from '../../domain/connections/connection-secrets';
import { buildContactView } from '../../domain/contacts/build-contact-view';
import { SALESFORCE_MODEL, type SalesforceObject } from '../../domain/crm/salesforce/salesforce-model';
import { connectModels, type Models } from '../../domain/models';
import { createSecretBox, type SecretBox } from '../../domain/secrets/secret-box';
import { crmRecordKey } from '../../domain/models/crm-record';
import { syncStateKey } from '../../domain/models/sync-state';
import { DEMO_MAPPING } from '../../scripts/demo-connection';
import { DEMO_CREDENTIALS, orgSizeForPeople, startEmulator, type RunningEmulator } from '../../sf-emulator';
import { findObject, type SfRecord } from '../../sf-emulator/schema';
import { recordContentHash } from '../../activities/crm-admin-sync/store-records';
import { startWorkerProcess, type WorkerProcess } from '../../dev-services/worker-process';
import type { BenchServices } from './scenario';
import { databaseUri } from './services';

const INSERT_CHUNK = 2_000;

export interface BenchOrg {
  emulator: RunningEmulator;
  models: Models;
  connectionId: string;
  /** The secret box the connection's credentials are sealed with (the worker holds the same key). */
  box: SecretBox;
  worker: WorkerProcess;
  temporal: Client;
  /** What the API's run starters need: models, Temporal client and the worker's task queue. */
  starterDeps: { models: Models; temporal: Client; taskQueue: string };
  /** Polls the run document until the run has ended; returns it (throws if it did not succeed). */
  waitForRun(runId: string, timeoutMs?: number): Promise<RunDoc>;
  close(): Promise<void>;
}

export interface RunDoc {
  status: string;
  counts?: Record<string, unknown>;
  apiCalls?: number;
  error?: unknown;
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

export interface SeedOptions {
  services: BenchServices;
  /** Short name: the database and task queue are named after it. */
  name: string;
  /** Leads + Contacts of the generated org (orgSizeForPeople). */
  people: number;
  seed?: number;
  /** The CRM objects whose local copy is written. */
  objects: SalesforceObject[];
  /** Write a contact view per person of these types (links through roles and campaign members). */
  contactViews: ('Contact' | 'Lead')[];
  log(line: string): void;
}

/** The emulator's "2024-01-02T03:04:05.000+0000" as the connector normalises it (canonical ISO). */
function isoStamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const instant = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** The record as a SOQL query of every describe field returns it: empty fields as null, formulas computed. */
export function queriedFields(object: string, record: SfRecord, nowMs: number): Record<string, unknown> {
  const def = findObject(object);
  if (!def) throw new Error(`unknown object ${object}`);
  return Object.fromEntries(def.fields.map((f) => [f.name, f.compute ? f.compute(record, nowMs) : (record[f.name] ?? null)]));
}

async function insertInChunks(collection: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> }, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += INSERT_CHUNK) await collection.insertMany(docs.slice(i, i + INSERT_CHUNK), { ordered: false });
}

/** Writes the local copy of `object` as a full pull would store it. */
export async function seedCrmRecords(models: Models, connectionId: string, emulator: RunningEmulator, object: SalesforceObject): Promise<number> {
  const nowMs = Date.now();
  const syncedAt = new Date();
  const docs = emulator.store.list(object).map((record) => {
    const fields = queriedFields(object, record, nowMs);
    const stamp = isoStamp(fields.SystemModstamp);
    return {
      _id: crmRecordKey(connectionId, record.Id),
      connectionId,
      crmId: record.Id,
      fields,
      fieldsHash: recordContentHash(stamp, fields),
      ...(stamp ? { systemModstamp: new Date(stamp) } : {}),
      syncedAt,
    };
  });
  await insertInChunks(models.crmRecords[object].collection, docs);
  // As finishObjectSync leaves it: synced just now, so list syncs find the data fresh.
  await models.SyncState.updateOne({ _id: syncStateKey(connectionId, object) }, { $set: { connectionId, object, lastSyncAt: syncedAt, lastFullSyncAt: syncedAt } }, { upsert: true });
  return docs.length;
}

/** Contact views of every person of `types`, built by the product's own buildContactView. */
export async function seedContactViews(models: Models, connectionId: string, emulator: RunningEmulator, types: ('Contact' | 'Lead')[]): Promise<number> {
  const nowMs = Date.now();
  const opportunitiesOf = new Map<string, string[]>();
  for (const role of emulator.store.list('OpportunityContactRole')) {
    const contact = String(role.ContactId ?? '');
    opportunitiesOf.set(contact, [...(opportunitiesOf.get(contact) ?? []), String(role.OpportunityId)]);
  }
  const membershipsOf = new Map<string, { campaignId: string; status: string | null; hasResponded: boolean | null }[]>();
  for (const member of emulator.store.list('CampaignMember')) {
    const person = String(member.LeadId ?? member.ContactId ?? '');
    const entry = { campaignId: String(member.CampaignId), status: (member.Status as string | undefined) ?? null, hasResponded: (member.HasResponded as boolean | undefined) ?? null };
    membershipsOf.set(person, [...(membershipsOf.get(person) ?? []), entry]);
  }
  const updatedAt = new Date();
  let count = 0;
  for (const type of types) {
    const docs = emulator.store.list(type).map((record) => ({
      ...buildContactView({
        connectionId,
        type,
        person: SALESFORCE_MODEL.people[type],
        crmId: record.Id,
        fields: queriedFields(type, record, nowMs),
        mapping: DEMO_MAPPING,
        links: { opportunityIds: opportunitiesOf.get(record.Id) ?? [], campaignMemberships: membershipsOf.get(record.Id) ?? [] },
      }),
      updatedAt,
    }));
    await insertInChunks(models.ContactView.collection, docs);
    count += docs.length;
  }
  await models.Connection.updateOne({ _id: connectionId }, { $set: { contactViewsBuiltAt: updatedAt } });
  return count;
}

export async function seedBenchOrg(options: SeedOptions): Promise<BenchOrg> {
  const { log } = options;
  const suffix = `${Date.now().toString(36)}_${crypto.randomBytes(2).toString('hex')}`;
  const startedMs = Date.now();
  const emulator = await startEmulator({ org: orgSizeForPeople(options.people), seed: options.seed ?? 7, bulkProcessingDelayMs: 20 });
  const models = await connectModels(databaseUri(options.services, `bench_${options.name}_${suffix}`));
  const secretKey = crypto.randomBytes(32);
  const box = createSecretBox(secretKey);
  const connection = await models.Connection.create({
    ...sealConnection(
      {
        name: `bench ${options.name}`,
        loginUrl: emulator.url,
        auth: { type: 'password', username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password, securityToken: DEMO_CREDENTIALS.securityToken },
      },
      box,
    ),
    mapping: DEMO_MAPPING,
    mappingUpdatedAt: new Date(),
  });
  const connectionId = String(connection._id);
  for (const object of options.objects) {
    const n = await seedCrmRecords(models, connectionId, emulator, object);
    log(`seeded ${n} ${object} records`);
  }
  if (options.contactViews.length > 0) log(`seeded ${await seedContactViews(models, connectionId, emulator, options.contactViews)} contact views`);
  log(`org of ${options.people} people seeded in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);

  const taskQueue = `bench_${options.name}_${suffix}`;
  const { temporalAddress, workflowBundlePath } = options.services;
  const worker = await startWorkerProcess({ temporalAddress, workflowBundlePath, taskQueue, mongoUri: databaseUri(options.services, models.db.name), secretKey });
  const temporalConnection = await TemporalConnection.connect({ address: options.services.temporalAddress });
  const temporal = new Client({ connection: temporalConnection, namespace: 'default' });
  return {
    emulator,
    models,
    connectionId,
    box,
    worker,
    temporal,
    starterDeps: { models, temporal, taskQueue },
    async waitForRun(runId, timeoutMs = 1_800_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = (await models.Run.findById(runId).lean()) as RunDoc | null;
        if (run && ENDED.includes(run.status)) {
          if (run.status !== 'succeeded') throw new Error(`run ${runId} ${run.status}: ${JSON.stringify(run.error)}`);
          return run;
        }
        if (Date.now() > deadline) throw new Error(`run ${runId} did not finish within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await worker.stop();
      await temporalConnection.close();
      await models.db.dropDatabase();
      await models.db.close();
      await emulator.close();
    },
  };
}
