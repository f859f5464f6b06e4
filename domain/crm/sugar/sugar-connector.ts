import type {
  ApiUsage,
  ChangedPage,
  ChangedPageRequest,
  CrmConnector,
  CrmObjectDescribe,
  CrmPage,
  CrmRecord,
  DeletedPageRequest,
  DeletedRecordRef,
  IdPageRequest,
  ListMemberRef,
  PullRequest,
  RateLimitWaits,
  RecordCreate,
  RecordUpdate,
  RecordWriteResult,
} from '../connector';
import type { SugarCredentials } from '../credentials';
import { DEFAULT_CALL_POLICY, SugarCaller, type SugarCallPolicy } from './sugar-call';
import { idsFilter } from './sugar-filter';
import { OpportunityContacts, TargetListMembers } from './sugar-link-objects';
import { SugarMetadata } from './sugar-metadata';
import { OPPORTUNITY_CONTACTS, TARGET_LIST_MEMBERS } from './sugar-model';
import { MAX_PAGE_SIZE, SugarReader } from './sugar-reader';
import { toCrmRecord, toIsoStamp, toSugarFields } from './sugar-records';
import { SugarTokenClient } from './sugar-token-client';
import { DEFAULT_WRITE_POLICY, newRecordId, writeAll, type BulkWriter, type WriteOperation, type WriteOutcome, type WritePolicy } from './sugar-writes';

export interface SugarConnectorOptions {
  call?: Partial<SugarCallPolicy>;
  write?: Partial<WritePolicy>;
}

const pageSizeOf = (size: number) => Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(size)));

/** A full read's position: the keyset of the last record, as text the core checkpoints. */
const encodeCursor = (record: CrmRecord | undefined) => (record?.systemModstamp ? JSON.stringify({ stamp: record.systemModstamp, id: record.id }) : undefined);
function decodeCursor(cursor: string | undefined): { stamp: string; id: string } | undefined {
  if (!cursor) return undefined;
  const parsed = JSON.parse(cursor) as { stamp?: unknown; id?: unknown };
  if (typeof parsed.stamp !== 'string' || typeof parsed.id !== 'string') throw new Error('not a SugarCRM read position');
  return { stamp: parsed.stamp, id: parsed.id };
}

function toResult(outcome: WriteOutcome, ref: string, id: string | undefined): RecordWriteResult {
  return outcome.success ? { ...(id ? { id } : {}), ref, success: true, errors: [] } : { ref, success: false, errors: [outcome.error] };
}

/**
 * SugarCRM through its REST API (v11), with fetch: no maintained Node client exists. Signs in with
 * the OAuth 2.0 password grant on a platform of crm-sync's own and shares the session per process
 * (sugar-token-client.ts); reads with the filter API by keyset; writes with /bulk PUTs, never DELETE.
 */
export class SugarConnector implements CrmConnector {
  private readonly caller: SugarCaller;
  private readonly reader: SugarReader;
  private readonly metadata: SugarMetadata;
  private readonly members: TargetListMembers;
  private readonly opportunityContacts: OpportunityContacts;
  private readonly writer: BulkWriter;

  constructor(credentials: SugarCredentials, options: SugarConnectorOptions = {}) {
    this.caller = new SugarCaller(credentials, new SugarTokenClient(credentials), { ...DEFAULT_CALL_POLICY, ...options.call });
    this.reader = new SugarReader(this.caller);
    this.metadata = new SugarMetadata(credentials.loginUrl, this.reader);
    this.members = new TargetListMembers(this.reader);
    this.opportunityContacts = new OpportunityContacts(this.reader);
    this.writer = { caller: this.caller, readBack: (module, ids, fields) => this.fetchByIds({ object: module, ids, fields }), policy: { ...DEFAULT_WRITE_POLICY, ...options.write } };
  }

  get apiCallsUsed(): number {
    return this.caller.calls;
  }

  get rateLimitWaits(): RateLimitWaits {
    return { ...this.caller.rateLimitWaits };
  }

  /** Sugar reports no daily API allowance. */
  get apiUsage(): ApiUsage | undefined {
    return undefined;
  }

  /** No request: the calls this connector made, and max 0 = no daily limit reported, which pages show as unknown. */
  async fetchApiUsage(): Promise<ApiUsage> {
    return { used: this.caller.calls, max: 0 };
  }

  async testConnection(): Promise<{ organizationId?: string; userName?: string }> {
    const me = await this.reader.get<{ current_user?: { user_name?: string; id?: string } }>('me');
    return { userName: me.current_user?.user_name };
  }

  async describeObject(object: string): Promise<CrmObjectDescribe> {
    return this.metadata.describe(object);
  }

  /** Every record by keyset from the start: the cursor is the last record's (date_modified, id), valid for as long as needed. */
  async fetchPage(request: PullRequest, cursor?: string): Promise<CrmPage> {
    const page = await this.fetchChangedPage({ ...request, after: decodeCursor(cursor), pageSize: MAX_PAGE_SIZE });
    return { records: page.records, nextCursor: page.done ? undefined : encodeCursor(page.records[page.records.length - 1]), totalSize: page.records.length };
  }

  /**
   * Records in (date_modified, id) order after a stored position. date_modified has whole seconds
   * and an import leaves thousands of records on one, so the position is the pair.
   */
  async fetchChangedPage(request: ChangedPageRequest): Promise<ChangedPage> {
    const pageSize = pageSizeOf(request.pageSize);
    if (request.object === TARGET_LIST_MEMBERS) return this.members.changedPage({ ...request, pageSize });
    if (request.object === OPPORTUNITY_CONTACTS) return this.opportunityContacts.changedPage({ ...request, pageSize });
    const [rows, numeric] = await Promise.all([this.reader.keysetPage(request.object, request.fields, { since: request.since, after: request.after, pageSize }), this.metadata.numericFields(request.object)]);
    return { records: rows.map((row) => toCrmRecord(row, numeric)), done: rows.length < pageSize };
  }

  /**
   * Soft-deleted records (`deleted=true`, only those with `deleted` set) in (date_modified, id)
   * order: a delete moves date_modified, so the keyset finds it. Link objects have no soft delete
   * that the API shows: their removals are found by the id diff.
   */
  async fetchDeletedPage(request: DeletedPageRequest): Promise<{ records: DeletedRecordRef[]; done: boolean }> {
    if (request.object === TARGET_LIST_MEMBERS || request.object === OPPORTUNITY_CONTACTS) return { records: [], done: true };
    const pageSize = pageSizeOf(request.pageSize);
    const rows = await this.reader.keysetPage(request.object, ['deleted'], { since: request.since, after: request.after, pageSize, deletedOnly: true });
    const records = rows.flatMap((row) => {
      const deletedAt = toIsoStamp(row.date_modified);
      return typeof row.id === 'string' && deletedAt ? [{ id: row.id, deletedAt }] : [];
    });
    return { records, done: rows.length < pageSize };
  }

  /** Ids in id order. A link object is listed whole in one answer: its ids come from reading every link. */
  async fetchIdPage(request: IdPageRequest): Promise<{ ids: string[]; done: boolean }> {
    if (request.object === TARGET_LIST_MEMBERS || request.object === OPPORTUNITY_CONTACTS) {
      if (request.afterId) return { ids: [], done: true };
      const all = request.object === TARGET_LIST_MEMBERS ? await this.members.all() : await this.opportunityContacts.all();
      return { ids: [...new Set(all.map((r) => r.id))].sort(), done: true };
    }
    const pageSize = pageSizeOf(request.pageSize);
    const ids = await this.reader.idPage(request.object, request.afterId, pageSize);
    return { ids, done: ids.length < pageSize };
  }

  async fetchByIds(request: PullRequest & { ids: string[] }): Promise<CrmRecord[]> {
    if (request.ids.length === 0) return [];
    if (request.object === TARGET_LIST_MEMBERS) return this.members.byIds(request.ids);
    if (request.object === OPPORTUNITY_CONTACTS) return this.opportunityContacts.byIds(request.ids);
    const records: CrmRecord[] = [];
    const numeric = await this.metadata.numericFields(request.object);
    for (let i = 0; i < request.ids.length; i += MAX_PAGE_SIZE) {
      const ids = request.ids.slice(i, i + MAX_PAGE_SIZE);
      const page = await this.reader.filterPage(request.object, { filter: idsFilter(ids), fields: request.fields, orderBy: 'id:ASC', maxNum: MAX_PAGE_SIZE });
      records.push(...page.records.map((row) => toCrmRecord(row, numeric)));
    }
    return records;
  }

  async fetchListMembers(request: { listId: string }): Promise<ListMemberRef[]> {
    return this.members.membersOf(request.listId);
  }

  private async operations(object: string, records: Array<{ fields: RecordUpdate['fields'] }>, idOf: (index: number) => string): Promise<WriteOperation[]> {
    const multienums = await this.metadata.multienumFields(object);
    return records.map((r, index) => ({ index, id: idOf(index), fields: r.fields, body: toSugarFields(r.fields, multienums) }));
  }

  /** PUTs of existing records inside /bulk calls, each answered on its own (sugar-writes.ts). */
  async updateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]> {
    const ops = await this.operations(request.object, request.records, (i) => request.records[i].id);
    const outcomes = await writeAll(this.writer, request.object, 'update', ops);
    return outcomes.map((o, i) => toResult(o, request.records[i].id, request.records[i].id));
  }

  /** Sugar has no separate ingest path: /bulk is its batch path (the model's writePaths say single and batch). */
  async bulkUpdateRecords(request: { object: string; records: RecordUpdate[] }): Promise<RecordWriteResult[]> {
    return this.updateRecords(request);
  }

  /** No ingest jobs exist, so none can be left over from a crashed attempt. */
  async settleBulkUpdateJob(_jobId: string): Promise<{ state: string }> {
    return { state: 'Gone' };
  }

  /** Creates with an id of crm-sync's choosing, so a create whose answer was lost is found and never made twice. */
  async createRecords(request: { object: string; records: RecordCreate[] }): Promise<RecordWriteResult[]> {
    const ids = request.records.map(() => newRecordId());
    const ops = await this.operations(request.object, request.records, (i) => ids[i]);
    const outcomes = await writeAll(this.writer, request.object, 'create', ops);
    return outcomes.map((o, i) => toResult(o, request.records[i].ref, o.success ? ids[i] : undefined));
  }
}
