/**
 * The one CRM connector interface. Salesforce is its first implementation; Dynamics 365, SugarCRM,
 * NetSuite and Infor CRM must fit it later, so nothing here names a CRM's query language or client types.
 */
export type CrmFieldValue = string | number | boolean | null;

export interface CrmRecord {
  id: string;
  /** Field values keyed by the CRM's field API name; parent fields flattened as `Account.Name`. */
  fields: Record<string, CrmFieldValue>;
  /** The record's modification stamp (its object's `stampField` in the CRM model), ISO-8601. */
  systemModstamp?: string;
}

export interface CrmPage {
  records: CrmRecord[];
  /** Opaque cursor for the next page; absent on the last page. Safe to checkpoint in a heartbeat. */
  nextCursor?: string;
  totalSize: number;
}

export interface PullRequest {
  object: string;
  fields: string[];
}

/**
 * A position in the (modification stamp, id) order of an object's records. Paging on the pair, not
 * on the stamp alone, is what keeps records that share a stamp at a page boundary from being skipped.
 */
export interface ChangeCursor {
  /** ISO-8601 instant of the last record already stored. */
  stamp: string;
  id: string;
}

export interface ChangedPageRequest extends PullRequest {
  /** Only records modified at or after this instant (incremental sync start, overlap included). */
  since?: string;
  /** Only records after this position (the checkpoint of the previous page). */
  after?: ChangeCursor;
  pageSize: number;
}

export interface ChangedPage {
  records: CrmRecord[];
  /** True when no record follows the last one returned. */
  done: boolean;
}

export interface DeletedPageRequest {
  object: string;
  since?: string;
  after?: ChangeCursor;
  pageSize: number;
}

export interface DeletedRecordRef {
  id: string;
  deletedAt: string;
}

export interface IdPageRequest {
  object: string;
  /** Ids greater than this one, in the CRM's id order. */
  afterId?: string;
  pageSize: number;
}

export interface CrmFieldDescribe {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  calculated: boolean;
  /** Compound fields (address, location) duplicate their component fields and cannot be filtered. */
  compound: boolean;
  referenceTo: string[];
  /** The allowed values as records hold them: what is stored, compared and pushed. */
  picklistValues?: string[];
  /**
   * Value → the label people know it by, where the CRM stores a code ("100000002" for "Gold").
   * Absent when the values are their own labels. Only for showing: never stored or compared.
   */
  picklistLabels?: Record<string, string>;
}

export interface CrmObjectDescribe {
  name: string;
  label: string;
  fields: CrmFieldDescribe[];
  /** True when deleted records can be read back (Salesforce: the object has IsDeleted, queryAll sees them). */
  tracksDeletes: boolean;
}

export interface BulkReadPage {
  records: CrmRecord[];
  /** Where the next page starts; absent on the last page. */
  nextLocator?: string;
}

export interface ApiUsage {
  used: number;
  max: number;
}

/** Times a CRM's rate limit made a connector wait before trying again (a 429 and its Retry-After), and for how long in all. */
export interface RateLimitWaits {
  waits: number;
  waitedMs: number;
}

/** A change to one existing CRM record: only the fields named are written. */
export interface RecordUpdate {
  id: string;
  fields: Record<string, CrmFieldValue>;
}

/** A record to create (only where a list explicitly enables creating CRM records). */
export interface RecordCreate {
  /** The caller's key for this record (e.g. the list member id), echoed in the result. */
  ref: string;
  fields: Record<string, CrmFieldValue>;
}

export interface RecordWriteError {
  /** The CRM's own status code, e.g. FIELD_CUSTOM_VALIDATION_EXCEPTION, UNABLE_TO_LOCK_ROW, ENTITY_IS_DELETED. */
  code: string;
  message: string;
  fields: string[];
}

/** The outcome of one record of a write; a failed record never fails the batch. */
export interface RecordWriteResult {
  /** The record id (for creates: the new id when it succeeded). */
  id?: string;
  /** For updates the record id, for creates the caller's `ref`. */
  ref: string;
  success: boolean;
  errors: RecordWriteError[];
}

/** Which CRM API carried a write, for run pages and benchmarks. */
export type WritePath = 'collections' | 'bulk';

/**
 * One page of a CRM's change feed (Dataverse change tracking). Without a token the feed starts with
 * every record (a full read); with one it returns what changed and what was removed since.
 */
export interface ChangeFeedRequest {
  object: string;
  fields: string[];
  /** The token the previous read ended with; absent for a full read that starts a feed. */
  token?: string;
  /** The next page of a read under way (opaque, checkpointable). */
  page?: string;
  pageSize: number;
}

export interface ChangeFeedPage {
  records: CrmRecord[];
  /** Ids removed since the token (deleted or out of the feed's scope). */
  removedIds: string[];
  /** The next page of this read; absent on the last page. */
  nextPage?: string;
  /** On the last page: the token the next incremental read starts from. */
  token?: string;
}

/** The crmCode a connector rejects readChanges with when the CRM no longer accepts the token: read the object in full. */
export const CHANGE_TOKEN_EXPIRED = 'CHANGE_TOKEN_EXPIRED';

/** A person in a campaign or marketing list as the CRM lists them now. */
export interface ListMemberRef {
  /** The person's CRM id. */
  id: string;
  type: 'Lead' | 'Contact';
}

export interface CrmConnector {
  /** Logs in and reads the CRM's identity; resolves or rejects with the CRM's own message. */
  testConnection(): Promise<{ organizationId?: string; userName?: string }>;
  /** First page of every record of an object, or the page after `cursor` of an earlier pull. */
  fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage>;
  describeObject(object: string): Promise<CrmObjectDescribe>;
  /** Records in (stamp, id) order, resumable from any stored position; no server-side cursor to expire. */
  fetchChangedPage(request: ChangedPageRequest): Promise<ChangedPage>;
  /** Records deleted (still in the CRM's recycle bin) in (stamp, id) order. */
  fetchDeletedPage(request: DeletedPageRequest): Promise<{ records: DeletedRecordRef[]; done: boolean }>;
  /** Only ids, in id order: the cheap listing the drift check compares with the local copy. */
  fetchIdPage(request: IdPageRequest): Promise<{ ids: string[]; done: boolean }>;
  /** Current records with these ids (at most 200 per call); missing or deleted ids are left out. */
  fetchByIds(request: PullRequest & { ids: string[] }): Promise<CrmRecord[]>;
  /**
   * Updates existing records of one object, each independently (allOrNone off): per-record failures
   * come back as results. Up to 200 records per call (Salesforce sObject Collections); the connector
   * splits larger arrays. Retries whole calls on transient errors (5xx, limit exceeded, expired session).
   */
  updateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]>;
  /**
   * Same as updateRecords through the CRM's bulk ingest path (Salesforce Bulk API 2.0): few calls for
   * large volumes. `onJobCreated` is awaited with each job's id before its records are uploaded, so a
   * caller can note the job where a retry after a crash finds it (see settleBulkUpdateJob).
   */
  bulkUpdateRecords(request: { object: string; records: RecordUpdate[]; onJobCreated?: (jobId: string) => Promise<void> }): Promise<RecordWriteResult[]>;
  /**
   * Brings an ingest job an earlier, crashed attempt started to an end: an Open job is aborted (its
   * upload is never applied), an uploaded one is waited for (aborted past the bulk wait limit). Once
   * it returns, the CRM applies nothing more from that job. A job the CRM no longer knows is `Gone`.
   */
  settleBulkUpdateJob(jobId: string): Promise<{ state: string }>;
  /** Creates records of one object, each independently; results in input order with the new ids. */
  createRecords(request: { object: string; records: RecordCreate[] }): Promise<RecordWriteResult[]>;
  /** How many (non-deleted) records an object holds: one cheap call, used to choose the read path. */
  countRecords?(object: string): Promise<number>;
  /**
   * Whole-object reads through the CRM's bulk query path (Salesforce Bulk API 2.0): start a job,
   * wait for it, then read its results page by page. The position (job id + page locator) stays
   * valid for days, so it can be checkpointed like a keyset cursor. Optional: a CRM without a bulk
   * path is read through fetchChangedPage only. A job that can give no more results rejects
   * waitForBulkRead and fetchBulkReadPage with the crmCode BULK_READ_JOB_LOST.
   */
  startBulkRead?(request: PullRequest): Promise<string>;
  waitForBulkRead?(jobId: string, onWait?: () => void): Promise<number>;
  fetchBulkReadPage?(request: PullRequest & { jobId: string; locator?: string; maxRecords: number }): Promise<BulkReadPage>;
  /**
   * The CRM's change feed for objects the CRM model reads by `delta` (Dataverse change tracking).
   * Rejects with crmCode CHANGE_TOKEN_EXPIRED when the token is refused. Optional: CRMs without a
   * feed read every object by keyset.
   */
  readChanges?(request: ChangeFeedRequest): Promise<ChangeFeedPage>;
  /**
   * Who is in a campaign or marketing list right now, read from the CRM (at most one call per 2,000
   * members): a list pull compares it with the local copy, because some removals leave no trace a
   * sync can see (Salesforce deletes CampaignMember rows without a recycle-bin entry; a Dataverse
   * dynamic list's members are a query). Optional until every connector has it.
   */
  fetchListMembers?(request: { listId: string }): Promise<ListMemberRef[]>;
  /** Asks the CRM for its daily API usage now (one call). */
  fetchApiUsage(): Promise<ApiUsage>;
  /** Daily API usage as the CRM last reported it, if it has. */
  readonly apiUsage?: ApiUsage;
  /** API calls this connector has made since it was created (logins excluded). */
  readonly apiCallsUsed: number;
  /**
   * Rate-limit waits since this connector was created, for CRMs whose limits are met as "wait and
   * try again" rather than reported as an allowance. Absent when the connector never waits them out.
   */
  readonly rateLimitWaits?: RateLimitWaits;
}

/**
 * The crmCode of a bulk read whose query job will give no more results: it ended Failed or Aborted,
 * or the CRM no longer knows it (Salesforce deletes query jobs after 7 days, and anyone with API
 * access can delete one sooner). Only a new job can go on; the message names the job and its state.
 */
export const BULK_READ_JOB_LOST = 'BULK_READ_JOB_LOST';

/** A CRM error carrying the CRM's own code and message, shown to ops as is. */
export class CrmError extends Error {
  override name = 'CrmError';
  constructor(
    message: string,
    readonly crmCode: string,
    /** The network error's code when the CRM was never reached (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
    readonly transportCode?: string,
  ) {
    super(message);
  }
}
