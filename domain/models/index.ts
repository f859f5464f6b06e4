import mongoose from 'mongoose';
import { defineConnectionModel, type ConnectionModel } from './connection';
import { defineCrmRecordModel, type CrmRecordModel } from './crm-record';
import { defineRunModel, type RunModel } from './run';

export interface Models {
  db: mongoose.Connection;
  Connection: ConnectionModel;
  Run: RunModel;
  CrmRecord: CrmRecordModel;
}

/** Opens one mongoose connection (not the global one, so tests can hold several) and defines every model on it. */
export async function connectModels(uri: string): Promise<Models> {
  const db = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 });
  await db.asPromise();
  const models: Models = {
    db,
    Connection: defineConnectionModel(db),
    Run: defineRunModel(db),
    CrmRecord: defineCrmRecordModel(db),
  };
  await Promise.all([models.Connection.init(), models.Run.init(), models.CrmRecord.init()]);
  return models;
}
