import {
  CHANGE_TOKEN_EXPIRED,
  CrmError,
  type ApiUsage,
  type ChangeFeedPage,
  type ChangeFeedRequest,
  type ChangedPage,
  type ChangedPageRequest,
  type CrmConnector,
  type CrmFieldValue,
  type CrmObjectDescribe,
  type CrmPage,
  type CrmRecord,
  type DeletedPageRequest,
  type DeletedRecordRef,
  type IdPageRequest,
  type ListMemberRef,
  type PullRequest,
  type RateLimitWaits,
  type RecordCreate,
  type RecordUpdate,
  type RecordWriteResult,
} from '../connector';
import type { DynamicsCredentials } from '../credentials';
import { DEFAULT_CALL_POLICY, DynamicsCaller, type CallPolicy } from './dynamics-call';
import { toObjectDescribe } from './dynamics-describe';
import { fetchMarketingListMembers } from './dynamics-list-members';
import { DynamicsReader, MAX_PAGE_SIZE } from './dynamics-reader';
import { assertGuid, dateLiteral, selectedColumns, STAMP_FIELD, toCrmRecord, toDataverseFields, type TableInfo } from './dynamics-records';
import { DynamicsTokenClient } from './dynamics-token-client';
import { createRecordsInBatches, DEFAULT_WRITE_POLICY, updateRecordsInBatches, type BatchWriter, type WritePolicy } from './dynamics-writes';

/** Dataverse's ExpiredVersionStamp: the delta token is older than the org keeps changes for. */
const EXPIRED_VERSION_STAMP = '0x80044352';
/** fetchByIds takes at most this many ids per call (the interface's limit; an OData `or` chain stays a short URL). */
const IDS_PER_READ = 200;

export interface DynamicsConnectorOptions {
  call?: Partial<CallPolicy>;
  write?: Partial<WritePolicy>;
}

const pageSizeOf = (size: number) => Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(size)));

/** A $delta row that reports a removal (`{"@odata.context": "…/$deletedEntity", "id": "…", "reason": "deleted"}`). */
function removedId(row: Record<string, unknown>): string | undefined {
  const context = String(row['@odata.context'] ?? row.oDataContext ?? '');
  return context.endsWith('/$deletedEntity') && typeof row.id === 'string' ? row.id.toLowerCase() : undefined;
}

/**
 * Microsoft Dynamics 365 through the Dataverse Web API v9.2 and dynamics-web-api, the maintained
 * open-source client for it. Signs in as an application user with client credentials;
 * see dynamics-call.ts for retries and limits and dynamics-writes.ts for how writes stay exactly once.
 */
export class DynamicsConnector implements CrmConnector {
  private readonly caller: DynamicsCaller;
  private readonly reader: DynamicsReader;
  private readonly writer: BatchWriter;

  constructor(credentials: DynamicsCredentials, options: DynamicsConnectorOptions = {}) {
    this.caller = new DynamicsCaller(new DynamicsTokenClient(credentials), { ...DEFAULT_CALL_POLICY, ...options.call });
    this.reader = new DynamicsReader(credentials, this.caller);
    this.writer = {
      caller: this.caller,
      newClient: () => this.reader.newClient(),
      // Read back as Dataverse holds them: the written bodies are in Dataverse's form too.
      readBack: (table, ids, fields) => this.readByIds(table, ids, fields, false),
      policy: { ...DEFAULT_WRITE_POLICY, ...options.write },
    };
  }

  get apiCallsUsed(): number {
    return this.caller.calls;
  }

  /** How often Dataverse's service protection limits (429) made this connector wait, and for how long: the run records it. */
  get rateLimitWaits(): RateLimitWaits {
    return { ...this.caller.serviceProtection };
  }

  /** Dataverse reports no daily API allowance (its limits are per user and per 5-minute window, met as 429s). */
  get apiUsage(): ApiUsage | undefined {
    return undefined;
  }

  /** No request: the calls this connector made, and max 0 = no daily limit reported, which pages show as unknown. */
  async fetchApiUsage(): Promise<ApiUsage> {
    return { used: this.caller.calls, max: 0 };
  }

  async testConnection(): Promise<{ organizationId?: string; userName?: string }> {
    const me = await this.caller.call(() => this.reader.api.callFunction<{ UserId?: string; OrganizationId?: string }>('WhoAmI'), { writes: false });
    return { organizationId: me.OrganizationId, userName: me.UserId };
  }

  /** Rows as CrmRecords in the core's canonical form (choices as value text, multi-select ';'-joined). */
  private async toRecords(table: TableInfo, rows: Record<string, unknown>[], canonical = true): Promise<CrmRecord[]> {
    if (rows.length === 0) return [];
    const columns = canonical ? await this.reader.choiceColumns(table) : undefined;
    return rows.map((row) => toCrmRecord(table, row, columns));
  }

  private async toDataverse<R extends { fields: Record<string, CrmFieldValue> }>(table: TableInfo, records: R[]): Promise<R[]> {
    const columns = await this.reader.choiceColumns(table);
    if (columns.choice.size === 0 && columns.multiSelect.size === 0) return records;
    return records.map((r) => ({ ...r, fields: toDataverseFields(r.fields, columns) }));
  }

  /** Every row through Dataverse's own paging: `cursor` is the @odata.nextLink (a keyset $skiptoken, valid as long as needed). */
  async fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage> {
    const table = await this.reader.table(request.object);
    const page = await this.reader.page({ collection: table.entitySetName, select: selectedColumns(table, request.fields), maxPageSize: MAX_PAGE_SIZE }, cursor);
    const records = await this.toRecords(table, page.rows);
    return { records, nextCursor: page.nextLink, totalSize: records.length };
  }

  async describeObject(object: string): Promise<CrmObjectDescribe> {
    const table = await this.reader.table(object);
    const { attributes, optionSets } = await this.reader.attributes(table);
    return toObjectDescribe(table, attributes, optionSets);
  }

  /**
   * Rows in (modifiedon, primary id) order after a stored position. modifiedon has whole seconds and
   * an import writes thousands of rows in one, so the position is the pair: rows sharing the last
   * row's stamp are taken by their id, never skipped at a page boundary.
   */
  async fetchChangedPage(request: ChangedPageRequest): Promise<ChangedPage> {
    const table = await this.reader.table(request.object);
    const pid = table.primaryId;
    const filters: string[] = [];
    if (request.since) filters.push(`${STAMP_FIELD} ge ${dateLiteral(request.since)}`);
    if (request.after) {
      const stamp = dateLiteral(request.after.stamp);
      filters.push(`(${STAMP_FIELD} gt ${stamp} or (${STAMP_FIELD} eq ${stamp} and ${pid} gt ${assertGuid(request.after.id)}))`);
    }
    const pageSize = pageSizeOf(request.pageSize);
    const page = await this.reader.page({
      collection: table.entitySetName,
      select: selectedColumns(table, request.fields),
      ...(filters.length ? { filter: filters.join(' and ') } : {}),
      orderBy: [STAMP_FIELD, pid],
      top: pageSize,
    });
    return { records: await this.toRecords(table, page.rows), done: page.rows.length < pageSize };
  }

  /**
   * Always empty: Dataverse keeps no recycle bin the Web API can read. Deletes reach the core through
   * the change feed's removals (readChanges) or, for tables without change tracking, the id diff of
   * the drift check (fetchIdPage).
   */
  async fetchDeletedPage(_request: DeletedPageRequest): Promise<{ records: DeletedRecordRef[]; done: boolean }> {
    return { records: [], done: true };
  }

  async fetchIdPage(request: IdPageRequest): Promise<{ ids: string[]; done: boolean }> {
    const table = await this.reader.table(request.object);
    const pageSize = pageSizeOf(request.pageSize);
    const page = await this.reader.page({
      collection: table.entitySetName,
      select: [table.primaryId],
      ...(request.afterId ? { filter: `${table.primaryId} gt ${assertGuid(request.afterId)}` } : {}),
      orderBy: [table.primaryId],
      top: pageSize,
    });
    const ids = page.rows.map((r) => String(r[table.primaryId]).toLowerCase());
    return { ids, done: ids.length < pageSize };
  }

  async fetchByIds(request: PullRequest & { ids: string[] }): Promise<CrmRecord[]> {
    return this.readByIds(await this.reader.table(request.object), request.ids, request.fields);
  }

  private async readByIds(table: TableInfo, ids: string[], fields: string[], canonical = true): Promise<CrmRecord[]> {
    const records: CrmRecord[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      const filter = ids.slice(i, i + IDS_PER_READ).map((id) => `${table.primaryId} eq ${assertGuid(id)}`).join(' or ');
      const page = await this.reader.page({ collection: table.entitySetName, select: selectedColumns(table, fields), filter, maxPageSize: MAX_PAGE_SIZE });
      records.push(...(await this.toRecords(table, page.rows, canonical)));
    }
    return records;
  }

  /**
   * Dataverse change tracking. Without a token: every row with `Prefer: odata.track-changes`, the
   * last page ending with an @odata.deltaLink, which is the token. With one: the delta link returns
   * rows changed since (newest state) and removed ones as `$deletedEntity`, and a new delta link.
   * A token the org no longer accepts (0x80044352) rejects with CHANGE_TOKEN_EXPIRED: read in full.
   */
  async readChanges(request: ChangeFeedRequest): Promise<ChangeFeedPage> {
    const table = await this.reader.table(request.object);
    // Dataverse would ignore the preference and never hand out a token: say so, so the object is read in full.
    if (!table.changeTracking) throw new CrmError(`Dataverse does not track changes of ${table.logicalName}; read it in full or by keyset`, CHANGE_TOKEN_EXPIRED);
    const maxPageSize = pageSizeOf(request.pageSize);
    const collection = table.entitySetName;
    const link = request.page ?? request.token;
    let page;
    try {
      page = link
        ? await this.reader.page({ collection, maxPageSize, trackChanges: true }, link)
        : await this.reader.page({ collection, select: selectedColumns(table, request.fields), maxPageSize, trackChanges: true });
    } catch (err) {
      if (err instanceof CrmError && err.crmCode === EXPIRED_VERSION_STAMP) {
        throw new CrmError(`Dataverse no longer accepts the change token of ${table.logicalName}; read it in full (${err.message})`, CHANGE_TOKEN_EXPIRED);
      }
      throw err;
    }
    const removedIds: string[] = [];
    const changed: Record<string, unknown>[] = [];
    for (const row of page.rows) {
      const removed = removedId(row);
      if (removed) removedIds.push(removed);
      else changed.push(row);
    }
    return { records: await this.toRecords(table, changed), removedIds, nextPage: page.nextLink, token: page.nextLink ? undefined : page.deltaLink };
  }

  async fetchListMembers(request: { listId: string }): Promise<ListMemberRef[]> {
    return fetchMarketingListMembers(this.reader, request.listId);
  }

  /** PATCH with `If-Match: *` in $batch requests of independent operations (see dynamics-writes.ts). */
  async updateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]> {
    const table = await this.reader.table(request.object);
    return updateRecordsInBatches(this.writer, table, await this.toDataverse(table, request.records));
  }

  /** Dataverse has no separate bulk ingest path for updates: $batch is its batch path (the model's writePaths say single and batch). */
  async bulkUpdateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]> {
    return this.updateRecords(request);
  }

  /** No ingest jobs exist, so none can be left over from a crashed attempt. */
  async settleBulkUpdateJob(_jobId: string): Promise<{ state: string }> {
    return { state: 'Gone' };
  }

  async createRecords(request: { object: string; records: RecordCreate[] }): Promise<RecordWriteResult[]> {
    const table = await this.reader.table(request.object);
    return createRecordsInBatches(this.writer, table, await this.toDataverse(table, request.records));
  }
}
