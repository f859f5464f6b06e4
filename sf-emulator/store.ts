import { ClockedOrg } from '../emulator-kit/clock';
import { formatDateTime, parseDateTime } from './datetime';
import { IdFactory, keyPrefixOf, normalizeId } from './ids';
import { applyCreateDefaults } from './schema/defaults';
import { OBJECTS, findObject, objectForPrefix, type FieldValue, type ObjectDef, type SfRecord } from './schema';

export interface DeletionEntry {
  id: string;
  deletedDate: string;
}

export interface WriteOptions {
  /** The user recorded in CreatedById/LastModifiedById; defaults to the org's admin. */
  userId?: string;
}

type Fields = Record<string, FieldValue | undefined>;

const AUDIT_FIELDS = ['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'];

/**
 * The org's records, one table per sObject. Records are replaced, never mutated, on write, so a
 * query cursor holding references keeps a consistent snapshot while the org changes underneath.
 */
export class OrgStore extends ClockedOrg {
  readonly orgId: string;
  adminUserId = '';
  private readonly tables = new Map<string, Map<string, SfRecord>>();
  private readonly deletions = new Map<string, DeletionEntry[]>();
  private readonly ids: IdFactory;

  constructor(seed = 1) {
    super(parseDateTime);
    this.ids = new IdFactory(seed % 50);
    this.orgId = new IdFactory(seed % 50).next('00D');
    for (const o of OBJECTS) {
      this.tables.set(o.name, new Map());
      this.deletions.set(o.name, []);
    }
  }

  newId(object: ObjectDef): string {
    return this.ids.next(object.keyPrefix);
  }

  table(type: string): Map<string, SfRecord> {
    const object = this.object(type);
    return this.tables.get(object.name) as Map<string, SfRecord>;
  }

  object(type: string): ObjectDef {
    const object = findObject(type);
    if (!object) throw new Error(`unknown sObject type ${type}`);
    return object;
  }

  /** Live records of a type; with `includeDeleted`, recycle-bin rows too (what queryAll sees). */
  list(type: string, options: { includeDeleted?: boolean } = {}): SfRecord[] {
    const out: SfRecord[] = [];
    for (const record of this.table(type).values()) if (options.includeDeleted || !record.IsDeleted) out.push(record);
    return out;
  }

  count(type: string): number {
    return this.table(type).size;
  }

  /** Any record by id (15 or 18 characters), soft-deleted ones included. */
  getById(id: string): SfRecord | undefined {
    const full = normalizeId(id);
    const object = full && objectForPrefix(keyPrefixOf(full));
    return object ? this.tables.get(object.name)?.get(full) : undefined;
  }

  objectNameOf(id: string): string | undefined {
    return objectForPrefix(keyPrefixOf(id))?.name;
  }

  get(type: string, id: string): SfRecord | undefined {
    const full = normalizeId(id);
    return full ? this.table(type).get(full) : undefined;
  }

  /** Inserts without API validation (tests and the generator); audit fields and derived fields are filled. */
  insert(type: string, fields: Fields, options: WriteOptions = {}): SfRecord {
    const object = this.object(type);
    const stamp = typeof fields.CreatedDate === 'string' ? fields.CreatedDate : formatDateTime(this.now());
    const user = options.userId ?? this.adminUserId;
    const record: SfRecord = {
      Id: this.newId(object),
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: user,
      LastModifiedDate: stamp,
      LastModifiedById: user,
      SystemModstamp: stamp,
    };
    const given = { ...fields };
    applyCreateDefaults(object, given, user);
    for (const [name, value] of Object.entries(given)) if (!AUDIT_FIELDS.includes(name)) record[name] = value ?? null;
    if (typeof fields.LastModifiedDate === 'string') record.LastModifiedDate = fields.LastModifiedDate;
    if (typeof fields.SystemModstamp === 'string') record.SystemModstamp = fields.SystemModstamp;
    object.derive?.(record);
    this.table(object.name).set(record.Id, record);
    return record;
  }

  /** Applies changes as a new record version stamped with the org clock. */
  update(type: string, id: string, changes: Fields, options: WriteOptions = {}): SfRecord {
    const object = this.object(type);
    const current = this.get(object.name, id);
    if (!current) throw new Error(`no ${object.name} with id ${id}`);
    const stamp = formatDateTime(this.now());
    const next: SfRecord = { ...current };
    for (const [name, value] of Object.entries(changes)) if (!AUDIT_FIELDS.includes(name)) next[name] = value ?? null;
    next.LastModifiedDate = stamp;
    next.LastModifiedById = options.userId ?? this.adminUserId;
    next.SystemModstamp = stamp;
    object.derive?.(next);
    this.table(object.name).set(next.Id, next);
    return next;
  }

  /**
   * Moves a record (and the children Salesforce deletes with it) to the recycle bin; returns every id
   * deleted. A record of an object without a recycle bin (CampaignMember) is removed without a trace
   * when deleted itself; deleted with its parent it follows the parent into the bin, as Salesforce
   * restores it with an undeleted parent.
   */
  delete(type: string, id: string, cascaded = false): string[] {
    const object = this.object(type);
    const current = this.get(object.name, id);
    if (!current || current.IsDeleted) return [];
    if (object.recycleBin === false && !cascaded) return this.hardDelete(object.name, current.Id) ? [current.Id] : [];
    const stamp = formatDateTime(this.now());
    this.table(object.name).set(current.Id, { ...current, IsDeleted: true, SystemModstamp: stamp });
    (this.deletions.get(object.name) as DeletionEntry[]).push({ id: current.Id, deletedDate: stamp });
    const deleted = [current.Id];
    for (const child of OBJECTS) {
      const cascading = child.fields.filter((f) => f.cascadeDelete && f.referenceTo.includes(object.name));
      if (!cascading.length) continue;
      for (const record of this.list(child.name)) {
        if (cascading.some((f) => record[f.name] === current.Id)) deleted.push(...this.delete(child.name, record.Id, true));
      }
    }
    return deleted;
  }

  /** Removes a record without a trace: no recycle-bin row and no entry for the deleted endpoint. */
  hardDelete(type: string, id: string): boolean {
    const object = this.object(type);
    const full = normalizeId(id);
    if (!full) return false;
    const log = this.deletions.get(object.name) as DeletionEntry[];
    this.deletions.set(object.name, log.filter((d) => d.id !== full));
    return this.table(object.name).delete(full);
  }

  /** Purges recycle-bin rows from queries and queryAll; the deleted endpoint still reports them, as Salesforce does for a while. */
  emptyRecycleBin(): number {
    let purged = 0;
    for (const table of this.tables.values()) {
      for (const [id, record] of table) if (record.IsDeleted) (table.delete(id), purged++);
    }
    return purged;
  }

  deletionsOf(type: string): readonly DeletionEntry[] {
    return this.deletions.get(this.object(type).name) as DeletionEntry[];
  }

  /** Bulk load for the generator: the record is stored as given (it must carry Id and audit fields). */
  load(type: string, record: SfRecord): void {
    this.tables.get(type)?.set(record.Id, record);
  }
}
