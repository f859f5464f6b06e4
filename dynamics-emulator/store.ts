import { ClockedOrg } from '../emulator-kit/clock';
import { DAY_MS, formatDateTime, parseDateTime } from './org/datetime';
import { Prng } from './org/prng';
import { TABLES, tableOf } from './schema/tables';
import type { FieldValue, LookupValue, Row, TableDef } from './schema/types';

/** A row that left a change-tracked table, as a delta link reports it. */
export interface Removal {
  id: string;
  version: number;
}

export interface WriteOptions {
  /** The systemuser recorded in createdby/modifiedby; defaults to the org's application user. */
  userId?: string;
  /** The id of a created row (an upsert or a POST that names its own id). */
  id?: string;
}

type Fields = Record<string, FieldValue | undefined>;
type UndoEntry = { table: string; id: string; before: Row | undefined; removals: number };

const SYSTEM_COLUMNS = new Set(['createdon', 'modifiedon', 'createdby', 'modifiedby', 'versionnumber']);

export function isLookup(value: FieldValue | undefined): value is LookupValue {
  return typeof value === 'object' && value !== null;
}

/**
 * The org's rows, one map per table. Every write takes the next row version (Dataverse's
 * versionnumber): it is the row's @odata.etag and what change tracking compares delta tokens with.
 * Rows are replaced, never mutated, so a page being written out is never half-updated.
 */
export class DataverseStore extends ClockedOrg {
  readonly organizationId: string;
  readonly businessUnitId: string;
  /** The application user crm-sync's app registration signs in as. */
  adminUserId = '';
  private readonly tables = new Map<string, Map<string, Row>>();
  private readonly removals = new Map<string, Removal[]>();
  private readonly tracked = new Map<string, boolean>();
  private readonly oldestDeltaVersion = new Map<string, number>();
  private version = 1000;
  private readonly ids: Prng;
  private journal: UndoEntry[] | undefined;

  constructor(seed = 1) {
    super(parseDateTime);
    this.ids = new Prng(seed * 7919 + 17);
    this.organizationId = this.ids.guid();
    this.businessUnitId = this.ids.guid();
    for (const table of TABLES) {
      this.tables.set(table.logicalName, new Map());
      this.removals.set(table.logicalName, []);
      this.tracked.set(table.logicalName, table.changeTracking);
      this.oldestDeltaVersion.set(table.logicalName, 0);
    }
  }

  newId(): string {
    return this.ids.guid();
  }

  get currentVersion(): number {
    return this.version;
  }

  table(name: string): TableDef {
    return tableOf(name);
  }

  private rows(name: string): Map<string, Row> {
    return this.tables.get(tableOf(name).logicalName) as Map<string, Row>;
  }

  /** Live rows with calculated columns filled in, as a query sees them. */
  list(name: string): Row[] {
    const table = tableOf(name);
    return [...this.rows(table.logicalName).values()].map((row) => this.withCalculated(table, row));
  }

  count(name: string): number {
    return this.rows(name).size;
  }

  get(name: string, id: string): Row | undefined {
    const table = tableOf(name);
    const row = this.rows(table.logicalName).get(id.toLowerCase());
    return row && this.withCalculated(table, row);
  }

  /** Inserts without API validation (tests and the generator); audit columns and fullname are filled. */
  insert(name: string, fields: Fields, options: WriteOptions = {}): Row {
    const table = tableOf(name);
    const id = (options.id ?? (typeof fields[table.primaryId] === 'string' ? (fields[table.primaryId] as string) : this.newId())).toLowerCase();
    if (this.rows(table.logicalName).has(id)) throw new Error(`${table.logicalName} ${id} already exists`);
    const stamp = typeof fields.createdon === 'string' ? fields.createdon : formatDateTime(this.now());
    const user = { id: options.userId ?? this.adminUserId, table: 'systemuser' };
    const row: Row = { [table.primaryId]: id, createdon: stamp, modifiedon: stamp, createdby: user, modifiedby: user };
    const shape = this.shapeOf(table);
    if (shape.owned) row.ownerid = user;
    if (shape.stateful) Object.assign(row, { statecode: 0, statuscode: 1 });
    for (const [key, value] of Object.entries(fields)) if (key !== table.primaryId && !SYSTEM_COLUMNS.has(key)) row[key] = value ?? null;
    if (typeof fields.modifiedon === 'string') row.modifiedon = fields.modifiedon;
    this.put(table, row);
    return this.withCalculated(table, row);
  }

  /** Applies changes as a new row version stamped with the org clock. */
  update(name: string, id: string, changes: Fields, options: WriteOptions = {}): Row {
    const table = tableOf(name);
    const current = this.rows(table.logicalName).get(id.toLowerCase());
    if (!current) throw new Error(`no ${table.logicalName} with id ${id}`);
    const next: Row = { ...current };
    for (const [key, value] of Object.entries(changes)) if (key !== table.primaryId && !SYSTEM_COLUMNS.has(key)) next[key] = value ?? null;
    next.modifiedon = typeof changes.modifiedon === 'string' ? changes.modifiedon : formatDateTime(this.now());
    next.modifiedby = { id: options.userId ?? this.adminUserId, table: 'systemuser' };
    this.put(table, next);
    return this.withCalculated(table, next);
  }

  /** Deletes a row (and its list memberships); a change-tracked table reports it in the next delta. Returns the ids removed. */
  delete(name: string, id: string): string[] {
    const table = tableOf(name);
    const key = id.toLowerCase();
    const current = this.rows(table.logicalName).get(key);
    if (!current) return [];
    this.remember(table.logicalName, key, current);
    this.rows(table.logicalName).delete(key);
    (this.removals.get(table.logicalName) as Removal[]).push({ id: key, version: ++this.version });
    const removed = [key];
    for (const member of this.rows('listmember').values()) {
      const points = [member.listid, member.entityid].some((v) => isLookup(v) && v.id === key);
      if (points) removed.push(...this.delete('listmember', member.listmemberid as string));
    }
    return removed;
  }

  /** Removes a row without a trace: no delta removal, as if change-tracking history were lost (drift checks). */
  hardDelete(name: string, id: string): boolean {
    const table = tableOf(name);
    const key = id.toLowerCase();
    const current = this.rows(table.logicalName).get(key);
    if (current) this.remember(table.logicalName, key, current);
    return this.rows(table.logicalName).delete(key);
  }

  /** Rows written after `version` (delta link contents), oldest change first. */
  changedSince(name: string, version: number): Row[] {
    return this.list(name).filter((r) => (r.versionnumber as number) > version).sort((a, b) => (a.versionnumber as number) - (b.versionnumber as number));
  }

  removalsSince(name: string, version: number): Removal[] {
    return (this.removals.get(tableOf(name).logicalName) as Removal[]).filter((r) => r.version > version);
  }

  isChangeTracked(name: string): boolean {
    return this.tracked.get(tableOf(name).logicalName) ?? false;
  }

  /** EntityMetadata.ChangeTrackingEnabled for this store's table (tests switch it to exercise keyset reads). */
  setChangeTracking(name: string, enabled: boolean): void {
    this.tracked.set(tableOf(name).logicalName, enabled);
  }

  /** Every delta token issued so far for the table (or all tables) is refused from now on, as after Dataverse's retention period. */
  expireDeltaTokens(name?: string): void {
    const oldest = ++this.version;
    for (const table of name ? [tableOf(name).logicalName] : [...this.tables.keys()]) this.oldestDeltaVersion.set(table, oldest);
  }

  deltaTokenExpired(name: string, version: number): boolean {
    return version < (this.oldestDeltaVersion.get(tableOf(name).logicalName) ?? 0);
  }

  /** Starts recording writes so a failed $batch change set can be undone as one transaction. */
  begin(): void {
    this.journal = [];
  }

  commit(): void {
    this.journal = undefined;
  }

  rollback(): void {
    const journal = this.journal ?? [];
    this.journal = undefined;
    for (const entry of journal.reverse()) {
      const rows = this.tables.get(entry.table) as Map<string, Row>;
      if (entry.before) rows.set(entry.id, entry.before);
      else rows.delete(entry.id);
      (this.removals.get(entry.table) as Removal[]).length = entry.removals;
    }
  }

  /** Adds a row to a static marketing list (what AddMemberList does); membercount follows, as in Dataverse. */
  addListMember(listId: string, member: LookupValue): Row {
    const row = this.insert('listmember', { listid: { id: listId.toLowerCase(), table: 'list' }, entityid: { id: member.id.toLowerCase(), table: member.table } });
    this.recountList(listId);
    return row;
  }

  /** Removes a row from a static marketing list (what RemoveMemberList does). */
  removeListMember(listId: string, memberId: string): boolean {
    const key = listId.toLowerCase();
    const row = [...this.rows('listmember').values()].find((m) => isLookup(m.listid) && m.listid.id === key && isLookup(m.entityid) && m.entityid.id === memberId.toLowerCase());
    if (!row) return false;
    this.delete('listmember', row.listmemberid as string);
    this.recountList(listId);
    return true;
  }

  private recountList(listId: string): void {
    const key = listId.toLowerCase();
    const count = [...this.rows('listmember').values()].filter((m) => isLookup(m.listid) && m.listid.id === key).length;
    this.update('list', key, { membercount: count });
  }

  /** Rollup columns are recalculated by a system job in Dataverse, not on every write; tests call this to run that job. */
  recalculateRollups(): void {
    const open = new Map<string, number>();
    for (const opp of this.rows('opportunity').values()) {
      if (opp.statecode === 0 && isLookup(opp.parentcontactid)) open.set(opp.parentcontactid.id, (open.get(opp.parentcontactid.id) ?? 0) + 1);
    }
    const contacts = this.rows('contact');
    for (const [id, row] of contacts) contacts.set(id, { ...row, new_openopportunities: open.get(id) ?? 0 });
  }

  /** Bulk load for the generator: stored as given, with the next row version. */
  load(name: string, row: Row): void {
    this.put(tableOf(name), row);
  }

  private put(table: TableDef, row: Row): void {
    table.deriveOnWrite?.(row);
    row.versionnumber = ++this.version;
    const id = row[table.primaryId] as string;
    this.remember(table.logicalName, id, this.rows(table.logicalName).get(id));
    this.rows(table.logicalName).set(id, row);
  }

  private remember(table: string, id: string, before: Row | undefined): void {
    this.journal?.push({ table, id, before, removals: (this.removals.get(table) as Removal[]).length });
  }

  private readonly shapes = new Map<string, { owned: boolean; stateful: boolean; calculated: boolean }>();

  private shapeOf(table: TableDef): { owned: boolean; stateful: boolean; calculated: boolean } {
    let shape = this.shapes.get(table.logicalName);
    if (!shape) {
      const has = (name: string) => table.columns.some((c) => c.logicalName === name);
      shape = { owned: has('ownerid'), stateful: has('statecode'), calculated: has('new_dayssincecreated') };
      this.shapes.set(table.logicalName, shape);
    }
    return shape;
  }

  /** Live rows as stored, without calculated columns: for reads that neither filter nor sort on one (no copies). */
  scan(name: string): Row[] {
    return [...this.rows(name).values()];
  }

  /**
   * The row with its calculated columns, computed now as Dataverse computes them on read.
   * `new_dayssincecreated` is DIFFINDAYS(createdon, NOW()): calendar days between the two (zero on
   * the same day, per Microsoft's "Define calculated columns to automate calculations" page), not elapsed 24-hour periods, so it
   * moves at midnight (UTC here: the emulator has no user time zone), never in the middle of a day.
   */
  withCalculated(table: TableDef, row: Row): Row {
    if (!this.shapeOf(table).calculated) return row;
    const utcDay = (ms: number) => Math.floor(ms / DAY_MS);
    const created = parseDateTime(row.createdon as string);
    return { ...row, new_dayssincecreated: utcDay(this.now()) - utcDay(created) };
  }
}
