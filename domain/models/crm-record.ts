import { Schema, type Connection as MongooseConnection, type Model } from 'mongoose';

/**
 * The local copy of one CRM record, one collection per CRM object (`crm_lead`, `crm_campaignmember`, …)
 * so that scans (deletion sweeps, drift checks, contact views) read one object, not all of them.
 * Its _id is the natural key "<connection>:<CRM id>": re-syncing is idempotent, and two CRMs whose
 * objects share a lower-case name (a Salesforce Contact, a Dataverse contact) share a collection
 * without meeting, since every query names its connection. (FerretDB v1 with SQLite scans the table
 * even for _id look-ups; MongoDB uses the _id index.)
 */
export interface CrmRecordDoc {
  _id: string;
  connectionId: string;
  crmId: string;
  fields: Record<string, unknown>;
  /** Hash of stamp and fields (activities/crm-admin-sync/store-records.ts): equal means nothing to write. */
  fieldsHash?: string;
  /** The record's modification stamp (the model's stampField), as the keyset and checkpoints order by. */
  systemModstamp?: Date;
  syncedAt: Date;
}

const crmRecordSchema = new Schema<CrmRecordDoc>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    crmId: { type: String, required: true },
    fields: { type: Schema.Types.Mixed, required: true },
    fieldsHash: { type: String },
    systemModstamp: { type: Date },
    syncedAt: { type: Date, required: true },
  },
  { minimize: false, versionKey: false },
);
crmRecordSchema.index({ connectionId: 1 });

export function crmRecordKey(connectionId: string, crmId: string): string {
  return `${connectionId}:${crmId}`;
}

export type CrmRecordModel = Model<CrmRecordDoc>;

/**
 * The record model of any CRM object by its API name (`models.crmRecords.Contact`,
 * `models.crmRecords[object]`): defined on first use and cached, so a CRM added later needs no entry
 * here. Enumerating it lists the models defined so far (the registered CRMs' objects are defined up front).
 */
export type CrmRecordModels = Readonly<Record<string, CrmRecordModel>>;

export function crmRecordCollectionName(object: string): string {
  return `crm_${object.toLowerCase()}`;
}

/** Names that are asked of any object by promises, JSON and test matchers, never CRM objects. */
const NOT_OBJECTS = new Set(['then', 'toJSON', 'constructor', 'inspect', 'asymmetricMatch', 'nodeType', 'valueOf', 'toString']);
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function defineCrmRecordModels(db: MongooseConnection, knownObjects: Iterable<string>): CrmRecordModels {
  const byCollection = new Map<string, CrmRecordModel>();
  const defined: Record<string, CrmRecordModel> = {};
  const modelOf = (object: string): CrmRecordModel => {
    const collection = crmRecordCollectionName(object);
    let model = byCollection.get(collection);
    if (!model) byCollection.set(collection, (model = db.model<CrmRecordDoc>(collection, crmRecordSchema, collection)));
    defined[object] = model;
    return model;
  };
  for (const object of knownObjects) modelOf(object);
  return new Proxy(defined, {
    get(target, name) {
      if (typeof name !== 'string' || NOT_OBJECTS.has(name) || !OBJECT_NAME.test(name)) return Reflect.get(target, name);
      return target[name] ?? modelOf(name);
    },
  });
}
