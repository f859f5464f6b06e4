import mongoose from 'mongoose';
import { defineApiTokenModel, type ApiTokenModel } from './api-token';
import { defineAuditEntryModel, type AuditEntryModel } from './audit-entry';
import { defineConnectionModel, type ConnectionModel } from './connection';
import { defineCrmRecordModel, type CrmRecordModel } from './crm-record';
import { defineRunModel, type RunModel } from './run';
import { defineSessionModel, type SessionModel } from './session';
import { defineUserModel, type UserModel } from './user';

export interface Models {
  db: mongoose.Connection;
  Connection: ConnectionModel;
  Run: RunModel;
  CrmRecord: CrmRecordModel;
  User: UserModel;
  Session: SessionModel;
  ApiToken: ApiTokenModel;
  AuditEntry: AuditEntryModel;
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
    User: defineUserModel(db),
    Session: defineSessionModel(db),
    ApiToken: defineApiTokenModel(db),
    AuditEntry: defineAuditEntryModel(db),
  };
  await Promise.all(Object.values(models).filter((m): m is mongoose.Model<never> => typeof m === 'function' && 'init' in m).map((m) => m.init()));
  return models;
}
