import { migrateStoredDocuments } from '../db/migrate-stored-documents';
import { healStuckConnection } from '../db/stuck-connection-healer';
import mongoose from 'mongoose';
import { defineAlertModel, type AlertModel } from './alert';
import { defineAlertSettingsModel, type AlertSettingsModel } from './alert-settings';
import { defineApiTokenModel, type ApiTokenModel } from './api-token';
import { defineAuditEntryModel, type AuditEntryModel } from './audit-entry';
import { defineConnectionModel, type ConnectionModel } from './connection';
import { defineChangedRecordModel, type ChangedRecordModel } from './changed-record';
import { defineContactLinksModel, type ContactLinksModel } from './contact-links';
import { defineContactViewModel, type ContactViewModel } from './contact-view';
import { availableCrms } from '../crm/crm-registry';
import { syncedObjectNames } from '../crm/crm-model';
import { defineCrmRecordModels, type CrmRecordModels } from './crm-record';
import { defineListMemberModel, type ListMemberModel } from './list-member';
import { defineMarketingListModel, type MarketingListModel } from './marketing-list';
import { defineMembershipChangeModel, type MembershipChangeModel } from './membership-change';
import { defineMetricTallyModel, type MetricTallyModel } from './metric-tally';
import { defineProgramModel, type ProgramModel } from './program';
import { definePushErrorModel, type PushErrorModel } from './push-error';
import { defineFieldConflictModel, type FieldConflictModel } from './field-conflict';
import { defineRunModel, type RunModel } from './run';
import { defineRunFollowUpModel, type RunFollowUpModel } from './run-follow-up';
import { defineSeenIdsModel, type SeenIdsModel } from './seen-ids';
import { defineSequenceModel, type SequenceModel } from './sequence';
import { defineSegmentModel, type SegmentModel } from './segment';
import { defineSegmentMemberModel, type SegmentMemberModel } from './segment-member';
import { defineSegmentMembershipChangeModel, type SegmentMembershipChangeModel } from './segment-membership-change';
import { defineCrmDescribeModel, type CrmDescribeModel } from './crm-describe';
import { defineSessionModel, type SessionModel } from './session';
import { defineSyncErrorModel, type SyncErrorModel } from './sync-error';
import { defineSyncStateModel, type SyncStateModel } from './sync-state';
import { defineUserModel, type UserModel } from './user';
import { defineEngagementEventModel, type EngagementEventModel } from './engagement-event';
import { defineScoringRulesModel, type ScoringRulesModel } from './scoring-rules';

export interface Models {
  db: mongoose.Connection;
  Connection: ConnectionModel;
  Run: RunModel;
  /** The follow-up slot of each run a trigger came too late to join (domain/runs/follow-up.ts). */
  RunFollowUp: RunFollowUpModel;
  /** One model per CRM object, any CRM's (see crm-record.ts). */
  crmRecords: CrmRecordModels;
  SyncState: SyncStateModel;
  ContactView: ContactViewModel;
  SyncError: SyncErrorModel;
  SeenIds: SeenIdsModel;
  Sequence: SequenceModel;
  MarketingList: MarketingListModel;
  ListMember: ListMemberModel;
  MembershipChange: MembershipChangeModel;
  PushError: PushErrorModel;
  FieldConflict: FieldConflictModel;
  Alert: AlertModel;
  AlertSettings: AlertSettingsModel;
  User: UserModel;
  Session: SessionModel;
  ApiToken: ApiTokenModel;
  AuditEntry: AuditEntryModel;
  Segment: SegmentModel;
  SegmentMember: SegmentMemberModel;
  SegmentMembershipChange: SegmentMembershipChangeModel;
  CrmDescribe: CrmDescribeModel;
  Program: ProgramModel;
  EngagementEvent: EngagementEventModel;
  ScoringRules: ScoringRulesModel;
  ChangedRecord: ChangedRecordModel;
  ContactLinks: ContactLinksModel;
  /** The folded counters /metrics adds recent runs to (domain/metrics/metric-totals.ts). */
  MetricTally: MetricTallyModel;
}

/**
 * Opens one mongoose connection (not the global one, so tests can hold several) and defines every
 * model on it. `log` gets the connection's own warnings (a stuck connection reopened); default stderr.
 */
export async function connectModels(uri: string, log?: (line: string) => void): Promise<Models> {
  const options = { serverSelectionTimeoutMS: 10_000 };
  const db = mongoose.createConnection(uri, options);
  await db.asPromise();
  healStuckConnection(db, uri, options, { log });
  const models: Models = {
    db,
    Connection: defineConnectionModel(db),
    Run: defineRunModel(db),
    RunFollowUp: defineRunFollowUpModel(db),
    crmRecords: defineCrmRecordModels(db, availableCrms().flatMap(syncedObjectNames)),
    SyncState: defineSyncStateModel(db),
    ContactView: defineContactViewModel(db),
    SyncError: defineSyncErrorModel(db),
    SeenIds: defineSeenIdsModel(db),
    Sequence: defineSequenceModel(db),
    MarketingList: defineMarketingListModel(db),
    ListMember: defineListMemberModel(db),
    MembershipChange: defineMembershipChangeModel(db),
    PushError: definePushErrorModel(db),
    FieldConflict: defineFieldConflictModel(db),
    Alert: defineAlertModel(db),
    AlertSettings: defineAlertSettingsModel(db),
    User: defineUserModel(db),
    Session: defineSessionModel(db),
    ApiToken: defineApiTokenModel(db),
    AuditEntry: defineAuditEntryModel(db),
    Segment: defineSegmentModel(db),
    SegmentMember: defineSegmentMemberModel(db),
    SegmentMembershipChange: defineSegmentMembershipChangeModel(db),
    CrmDescribe: defineCrmDescribeModel(db),
    Program: defineProgramModel(db),
    EngagementEvent: defineEngagementEventModel(db),
    ScoringRules: defineScoringRulesModel(db),
    ChangedRecord: defineChangedRecordModel(db),
    ContactLinks: defineContactLinksModel(db),
    MetricTally: defineMetricTallyModel(db),
  };
  const all = [...Object.values(models), ...new Set(Object.values(models.crmRecords))];
  await Promise.all(all.filter((m): m is mongoose.Model<never> => typeof m === 'function' && 'init' in m).map((m) => m.init()));
  await migrateStoredDocuments(models);
  return models;
}
