import { Connection, type Record as SfRecord } from 'jsforce';
import {
  CrmError,
  type ApiUsage,
  type ChangedPage,
  type ChangedPageRequest,
  type CrmConnector,
  type CrmFieldValue,
  type CrmObjectDescribe,
  type CrmPage,
  type CrmRecord,
  type DeletedPageRequest,
  type DeletedRecordRef,
  type BulkReadPage,
  type IdPageRequest,
  type ListMemberRef,
  type PullRequest,
  type RecordCreate,
  type RecordUpdate,
  type RecordWriteResult,
} from '../connector';
import type { CrmCredentials } from '../credentials';
import { createQueryJob, DEFAULT_BULK_QUERY_POLICY, fetchQueryResultsPage, rowsToRecords, waitForQueryJob, type BulkQueryPolicy } from './salesforce-bulk-query';
import { DEFAULT_BULK_POLICY, bulkUpdateRecords, settleUpdateJob, type BulkPolicy, type BulkWriter, type OnJobCreated } from './salesforce-bulk-writes';
import { DEFAULT_WRITE_RETRY, type WriteRetryPolicy } from './salesforce-write-retry';
import { createRecordsInCollections, updateRecordsInCollections } from './salesforce-writes';
import { assertIdentifier, buildBulkSelectAll, buildByIdsQuery, buildCampaignMembersQuery, buildChangedPageQuery, buildDeletedPageQuery, buildIdPageQuery, buildSelectAll } from './soql';

/** Tuning of writes; the defaults suit a real org, tests shorten the waits. */
export interface SalesforceConnectorOptions {
  writeRetry?: Partial<WriteRetryPolicy>;
  bulk?: Partial<BulkPolicy>;
  bulkQuery?: Partial<BulkQueryPolicy>;
}

/** A parent record in a relationship query (`Account: { attributes, Name }`), as Salesforce returns it. */
function isRelatedRecord(value: unknown): value is SfRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'attributes' in value;
}

/** Flattens `Account: { Name }` into `Account.Name`, the connector-neutral shape. */
function flattenRecord(record: SfRecord, prefix = ''): Record<string, CrmFieldValue> {
  const out: Record<string, CrmFieldValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (isRelatedRecord(value)) Object.assign(out, flattenRecord(value, `${prefix}${key}.`));
    // A list or object where a scalar belongs (a malformed CRM value) stays one field, as JSON text,
    // so coercion can refuse it per record instead of the record gaining keys no database accepts.
    else if (value !== null && typeof value === 'object') out[`${prefix}${key}`] = JSON.stringify(value);
    else out[`${prefix}${key}`] = value as CrmFieldValue;
  }
  return out;
}

/** Salesforce writes `2026-01-02T03:04:05.000+0000`; stored and compared as canonical ISO-8601 UTC. */
function normalizeStamp(value: CrmFieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const instant = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

function toCrmRecord(record: SfRecord): CrmRecord {
  const fields = flattenRecord(record);
  return { id: fields.Id == null ? '' : String(fields.Id), fields, systemModstamp: normalizeStamp(fields.SystemModstamp) };
}

const COMPOUND_TYPES = new Set(['address', 'location']);

/** Salesforce's `Sforce-Call-Options: client=…` names crm-sync in the org's API usage (and lets the test emulator count its deletes). */
const CALL_OPTIONS = { client: 'crm-sync' };

/**
 * A request whose connection broke (jsforce's transport throws node-fetch's FetchError: "socket hang
 * up", ECONNRESET) after jsforce's own retries, which it makes for GET, PUT and DELETE but never for
 * POST or PATCH, the methods of record writes. A write may have been carried out: see
 * CONNECTION_LOST in the API guard.
 */
export const CONNECTION_LOST = 'CONNECTION_LOST';

/** jsforce reports REST errors with `errorCode`, OAuth errors by `name`, and SOAP login faults only as
 * "INVALID_LOGIN: …" in the message; all three become a CrmError with the CRM's own code;
 * a broken connection becomes CONNECTION_LOST. */
function asCrmError(err: unknown): Error {
  if (err instanceof CrmError) return err;
  const e = err as { errorCode?: string; name?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.name === 'FetchError') return new CrmError(message, CONNECTION_LOST, (err as { code?: string }).code);
  const soapCode = /^([A-Z][A-Z_]+): /.exec(message)?.[1];
  const namedCode = e.name && e.name !== 'Error' ? e.name : undefined;
  return new CrmError(message, e.errorCode ?? soapCode ?? namedCode ?? 'UNKNOWN');
}

export class SalesforceConnector implements CrmConnector {
  private connection?: Connection;
  private calls = 0;
  private readonly writer: BulkWriter;
  private readonly bulkQueryPolicy: BulkQueryPolicy;
  /** Field types per object, for typing bulk CSV cells: one describe per object per connector. */
  private readonly fieldTypes = new Map<string, Promise<Map<string, string>>>();

  constructor(
    private readonly credentials: CrmCredentials,
    options: SalesforceConnectorOptions = {},
  ) {
    this.writer = {
      call: (request) => this.call(request),
      retry: { ...DEFAULT_WRITE_RETRY, ...options.writeRetry },
      bulk: { ...DEFAULT_BULK_POLICY, ...options.bulk },
    };
    this.bulkQueryPolicy = { ...DEFAULT_BULK_QUERY_POLICY, ...options.bulkQuery };
  }

  get apiCallsUsed(): number {
    return this.calls;
  }

  get apiUsage(): ApiUsage | undefined {
    const usage = this.connection?.limitInfo?.apiUsage;
    return usage ? { used: usage.used, max: usage.limit } : undefined;
  }

  /**
   * One counted API call. An expired session (INVALID_SESSION_ID) gets exactly one fresh login and
   * one more try, whatever the login flow; everything else surfaces as a CrmError with the CRM's code.
   */
  private async call<T>(request: (conn: Connection) => PromiseLike<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const conn = await this.connect();
      this.calls += 1;
      try {
        return await request(conn);
      } catch (err) {
        const crmError = asCrmError(err);
        if (crmError instanceof CrmError && crmError.crmCode === 'INVALID_SESSION_ID' && attempt === 1) {
          this.connection = undefined;
          continue;
        }
        throw crmError;
      }
    }
  }

  private async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    const c = this.credentials;
    try {
      if (c.kind === 'password') {
        const conn = new Connection({ loginUrl: c.loginUrl, version: c.apiVersion, callOptions: CALL_OPTIONS });
        await conn.login(c.username, c.password + (c.securityToken ?? ''));
        this.connection = conn;
      } else {
        const conn = new Connection({
          oauth2: { loginUrl: c.loginUrl, clientId: c.clientId, clientSecret: c.clientSecret },
          version: c.apiVersion,
          callOptions: CALL_OPTIONS,
        });
        await conn.authorize({ grant_type: 'client_credentials' });
        this.connection = conn;
      }
    } catch (err) {
      throw asCrmError(err);
    }
    return this.connection;
  }

  async testConnection(): Promise<{ organizationId?: string; userName?: string }> {
    const conn = await this.connect();
    return { organizationId: conn.userInfo?.organizationId };
  }

  async fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage> {
    const result = await this.call((conn) =>
      cursor ? conn.queryMore<SfRecord>(cursor) : conn.query<SfRecord>(buildSelectAll(request.object, request.fields), { autoFetch: false }),
    );
    return {
      records: result.records.map(toCrmRecord),
      nextCursor: result.done ? undefined : result.nextRecordsUrl,
      totalSize: result.totalSize,
    };
  }

  async fetchApiUsage(): Promise<ApiUsage> {
    const limits = await this.call((conn) => conn.limits());
    const daily = limits.DailyApiRequests;
    return { used: daily.Max - daily.Remaining, max: daily.Max };
  }

  async describeObject(object: string): Promise<CrmObjectDescribe> {
    const result = await this.call((conn) => conn.sobject(object).describe());
    const fields = result.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      updateable: f.updateable,
      calculated: f.calculated,
      compound: COMPOUND_TYPES.has(f.type),
      referenceTo: (f.referenceTo ?? []).filter((r): r is string => typeof r === 'string'),
      picklistValues: f.picklistValues?.filter((p) => p.active).map((p) => p.value),
    }));
    return { name: result.name, label: result.label, fields, tracksDeletes: fields.some((f) => f.name === 'IsDeleted') };
  }

  /**
   * The first response of a LIMIT query. It may hold fewer than `pageSize` records even when more
   * follow (Salesforce shrinks batches of wide records); the next page then starts after the last
   * record returned instead of following queryMore, so a checkpoint never depends on a server cursor.
   */
  private async keysetPage(soql: string, pageSize: number, scanAll = false): Promise<{ records: SfRecord[]; done: boolean }> {
    const result = await this.call((conn) => conn.query<SfRecord>(soql, { autoFetch: false, scanAll }));
    return { records: result.records, done: result.done && result.records.length < pageSize };
  }

  async fetchChangedPage(request: ChangedPageRequest): Promise<ChangedPage> {
    const page = await this.keysetPage(buildChangedPageQuery(request), request.pageSize);
    return { records: page.records.map(toCrmRecord), done: page.done };
  }

  async fetchDeletedPage(request: DeletedPageRequest): Promise<{ records: DeletedRecordRef[]; done: boolean }> {
    const page = await this.keysetPage(buildDeletedPageQuery(request), request.pageSize, true);
    const records = page.records.map((r) => ({ id: String(r.Id), deletedAt: normalizeStamp(r.SystemModstamp as CrmFieldValue) ?? '' }));
    return { records, done: page.done };
  }

  async fetchIdPage(request: IdPageRequest): Promise<{ ids: string[]; done: boolean }> {
    const page = await this.keysetPage(buildIdPageQuery(request), request.pageSize);
    return { ids: page.records.map((r) => String(r.Id)), done: page.done };
  }

  async fetchByIds(request: PullRequest & { ids: string[] }): Promise<CrmRecord[]> {
    const result = await this.call((conn) => conn.query<SfRecord>(buildByIdsQuery(request), { autoFetch: false }));
    return result.records.map(toCrmRecord);
  }

  /**
   * A campaign's members now. Removing someone from a campaign deletes the CampaignMember row without
   * a recycle-bin entry, so only this listing shows a removal before the drift check. Id-only rows come
   * 2,000 per page (query, then queryMore): one call per 2,000 members. A converted lead's row carries
   * both ids; the person is then the contact.
   */
  async fetchListMembers(request: { listId: string }): Promise<ListMemberRef[]> {
    const members: ListMemberRef[] = [];
    let page = await this.call((conn) => conn.query<SfRecord>(buildCampaignMembersQuery(request.listId), { autoFetch: false }));
    for (;;) {
      for (const r of page.records) {
        if (r.ContactId) members.push({ id: String(r.ContactId), type: 'Contact' });
        else if (r.LeadId) members.push({ id: String(r.LeadId), type: 'Lead' });
      }
      const next = page.nextRecordsUrl;
      if (page.done || !next) return members;
      page = await this.call((conn) => conn.queryMore<SfRecord>(next));
    }
  }

  /** sObject Collections PATCH, 200 records per call, allOrNone off; see salesforce-writes for retries. */
  async updateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]> {
    return updateRecordsInCollections(this.writer, request.object, request.records);
  }

  /** Bulk API 2.0 update jobs; a job that fails before processing any record rejects with BULK_JOB_FAILED. */
  async bulkUpdateRecords(request: { object: string; records: RecordUpdate[]; onJobCreated?: OnJobCreated }): Promise<RecordWriteResult[]> {
    const results = await bulkUpdateRecords(this.writer, request.object, request.records, request.onJobCreated);
    // A job does not retry rows another transaction held (UNABLE_TO_LOCK_ROW); they are sent again
    // through sObject Collections, which tries locked records again with a growing wait.
    const locked = results.flatMap((r, i) => (!r.success && r.errors.length > 0 && r.errors.every((e) => e.code === 'UNABLE_TO_LOCK_ROW') ? [i] : []));
    if (locked.length === 0) return results;
    const again = await updateRecordsInCollections(this.writer, request.object, locked.map((i) => request.records[i]));
    locked.forEach((i, k) => (results[i] = again[k]));
    return results;
  }

  async settleBulkUpdateJob(jobId: string): Promise<{ state: string }> {
    return settleUpdateJob(this.writer, jobId);
  }

  /** The Record Count resource: one cheap call, no query; Salesforce's figure may lag a little, enough to choose a path. */
  async countRecords(object: string): Promise<number> {
    const name = assertIdentifier(object);
    const result = await this.call((conn) => conn.request<{ sObjects: { name: string; count: number }[] }>(`/services/data/v${conn.version}/limits/recordCount?sObjects=${name}`));
    return result.sObjects.find((o) => o.name === name)?.count ?? 0;
  }

  /** A Bulk API 2.0 query job over every record of the object (no ORDER BY: the results are read whole). */
  async startBulkRead(request: PullRequest): Promise<string> {
    return createQueryJob((r) => this.call(r), buildBulkSelectAll(request.object, request.fields));
  }

  async waitForBulkRead(jobId: string, onWait?: () => void): Promise<number> {
    return waitForQueryJob((r) => this.call(r), jobId, this.bulkQueryPolicy, onWait);
  }

  async fetchBulkReadPage(request: PullRequest & { jobId: string; locator?: string; maxRecords: number }): Promise<BulkReadPage> {
    const types = await this.fieldTypesOf(request.object);
    const page = await fetchQueryResultsPage((r) => this.call(r), request);
    const records = rowsToRecords(page.header, page.rows, types).map((r) => ({ ...r, systemModstamp: normalizeStamp(r.fields.SystemModstamp) }));
    return { records, nextLocator: page.nextLocator };
  }

  private fieldTypesOf(object: string): Promise<Map<string, string>> {
    let types = this.fieldTypes.get(object);
    if (!types) {
      types = this.describeObject(object).then((d) => new Map(d.fields.map((f) => [f.name, f.type])));
      types.catch(() => this.fieldTypes.delete(object));
      this.fieldTypes.set(object, types);
    }
    return types;
  }

  async createRecords(request: { object: string; records: RecordCreate[] }): Promise<RecordWriteResult[]> {
    return createRecordsInCollections(this.writer, request.object, request.records);
  }
}
