import { ClockedOrg } from '../emulator-kit/clock';
import { formatDateTime, parseDateTime } from './org/datetime';
import { Prng } from './org/prng';
import { MODULES, moduleOf, storedFields } from './schema/modules';
import { RELATIONSHIPS, relationshipOf, type LinkDef } from './schema/relationships';
import type { FieldValue, ModuleDef, Row } from './schema/types';

/** One row of a relationship's join table (prospect_lists_prospects, opportunities_contacts, …). */
export interface RelationshipRow {
  id: string;
  lhsId: string;
  rhsId: string;
  rhsModule: string;
  role: string | null;
  date_modified: string;
  deleted: boolean;
}

export interface WriteOptions {
  /** The user recorded in created_by / modified_user_id; defaults to crm-sync's API user. */
  userId?: string;
  /** The id of a created record (generator, or a POST that names its own id). */
  id?: string;
}

type Fields = Record<string, FieldValue | undefined>;

const AUDIT_FIELDS = new Set(['id', 'date_entered', 'date_modified', 'created_by', 'modified_user_id', 'deleted']);

/**
 * The instance's records, one map per module. Sugar soft-deletes: a deleted record stays with
 * `deleted` set and a new date_modified, hidden from reads unless a caller asks for deleted ones; a
 * purge (hardDelete) removes it without a trace. Rows are replaced, never mutated, so a page being
 * written out is never half-updated.
 */
export class SugarStore extends ClockedOrg {
  /** The API user crm-sync signs in as, and the administrator tests use. */
  apiUserId = '';
  adminUserId = '';
  private readonly modules = new Map<string, Map<string, Row>>();
  private readonly relationships = new Map<string, Map<string, RelationshipRow>>();
  /** The live join row between two records, per relationship: `lhsId|rhsId` → row id (generating an org relates thousands). */
  private readonly liveJoins = new Map<string, Map<string, string>>();
  private readonly ids: Prng;

  constructor(seed = 1) {
    super(parseDateTime);
    this.ids = new Prng(seed * 7919 + 29);
    for (const module of MODULES) this.modules.set(module.name, new Map());
    for (const rel of RELATIONSHIPS) {
      this.relationships.set(rel.name, new Map());
      this.liveJoins.set(rel.name, new Map());
    }
  }

  newId(): string {
    return this.ids.guid();
  }

  module(name: string): ModuleDef {
    return moduleOf(name);
  }

  private rows(name: string): Map<string, Row> {
    return this.modules.get(moduleOf(name).name) as Map<string, Row>;
  }

  /** Live records (soft-deleted ones too when asked), in the order they were first saved. */
  list(name: string, options: { includeDeleted?: boolean } = {}): Row[] {
    const rows = [...this.rows(name).values()];
    return options.includeDeleted ? rows : rows.filter((row) => row.deleted !== true);
  }

  count(name: string): number {
    return this.list(name).length;
  }

  /** A live record; undefined when absent or soft-deleted. */
  get(name: string, id: string): Row | undefined {
    const row = this.rows(name).get(id);
    return row && row.deleted !== true ? row : undefined;
  }

  /** A record whether or not it is soft-deleted (undefined only once purged). */
  getWithDeleted(name: string, id: string): Row | undefined {
    return this.rows(name).get(id);
  }

  /** Inserts without API validation (tests and the generator); audit fields and calculated fields are filled. */
  insert(name: string, fields: Fields, options: WriteOptions = {}): Row {
    const module = moduleOf(name);
    const id = options.id ?? (typeof fields.id === 'string' && fields.id ? fields.id : this.newId());
    if (this.rows(name).has(id)) throw new Error(`${module.name} ${id} already exists`);
    const stamp = typeof fields.date_entered === 'string' ? fields.date_entered : formatDateTime(this.now());
    const user = options.userId ?? this.apiUserId;
    const row: Row = {};
    for (const field of storedFields(module)) row[field.name] = field.type === 'bool' ? false : null;
    Object.assign(row, { id, date_entered: stamp, date_modified: stamp, created_by: user, modified_user_id: user, deleted: false });
    if ('assigned_user_id' in row) row.assigned_user_id = user;
    for (const [key, value] of Object.entries(fields)) if (!AUDIT_FIELDS.has(key) && key in row) row[key] = value ?? null;
    if (typeof fields.date_modified === 'string') row.date_modified = fields.date_modified;
    this.put(module, row);
    return row;
  }

  /** Applies changes as a save stamped with the instance clock (Sugar Logic recalculates on every save). */
  update(name: string, id: string, changes: Fields, options: WriteOptions = {}): Row {
    const module = moduleOf(name);
    const current = this.get(name, id);
    if (!current) throw new Error(`no ${module.name} with id ${id}`);
    const next: Row = { ...current };
    for (const [key, value] of Object.entries(changes)) if (!AUDIT_FIELDS.has(key) && key in next) next[key] = value ?? null;
    next.date_modified = typeof changes.date_modified === 'string' ? changes.date_modified : formatDateTime(this.now());
    next.modified_user_id = options.userId ?? this.apiUserId;
    this.put(module, next);
    return next;
  }

  /**
   * Soft-deletes a record as Sugar's mark_deleted does: `deleted` set, date_modified moved, and its
   * relationship rows (list memberships, opportunity roles) soft-deleted with it. False when absent.
   */
  delete(name: string, id: string, options: WriteOptions = {}): boolean {
    const current = this.get(name, id);
    if (!current) return false;
    const stamp = formatDateTime(this.now());
    this.rows(name).set(id, { ...current, deleted: true, date_modified: stamp, modified_user_id: options.userId ?? this.apiUserId });
    for (const [name, rows] of this.relationships) {
      for (const [key, rel] of rows) {
        if (rel.deleted || (rel.lhsId !== id && rel.rhsId !== id)) continue;
        rows.set(key, { ...rel, deleted: true, date_modified: stamp });
        this.liveJoins.get(name)?.delete(`${rel.lhsId}|${rel.rhsId}`);
      }
    }
    return true;
  }

  /** Purges a record and its relationship rows without a trace, as a database prune does: only an id comparison finds it. */
  hardDelete(name: string, id: string): boolean {
    for (const [relationship, rows] of this.relationships) {
      for (const [key, rel] of rows) {
        if (rel.lhsId !== id && rel.rhsId !== id) continue;
        rows.delete(key);
        this.liveJoins.get(relationship)?.delete(`${rel.lhsId}|${rel.rhsId}`);
      }
    }
    return this.rows(name).delete(id);
  }

  /** Relates two records (idempotent, as Sugar's relationship add is); a role is stored on the join row. */
  relate(relationship: string, lhsId: string, rhs: { module: string; id: string }, role: string | null = null): RelationshipRow {
    const rows = this.relationships.get(relationshipOf(relationship).name) as Map<string, RelationshipRow>;
    const joins = this.liveJoins.get(relationshipOf(relationship).name) as Map<string, string>;
    const joinId = joins.get(`${lhsId}|${rhs.id}`);
    const existing = joinId ? rows.get(joinId) : undefined;
    const row: RelationshipRow = existing
      ? { ...existing, role: role ?? existing.role, date_modified: formatDateTime(this.now()) }
      : { id: this.newId(), lhsId, rhsId: rhs.id, rhsModule: rhs.module, role, date_modified: formatDateTime(this.now()), deleted: false };
    rows.set(row.id, row);
    joins.set(`${lhsId}|${rhs.id}`, row.id);
    return row;
  }

  /** Soft-deletes the join row between two records; false when they were not related. */
  unrelate(relationship: string, lhsId: string, rhsId: string): boolean {
    const rows = this.relationships.get(relationshipOf(relationship).name) as Map<string, RelationshipRow>;
    const joins = this.liveJoins.get(relationshipOf(relationship).name) as Map<string, string>;
    const joinId = joins.get(`${lhsId}|${rhsId}`);
    const existing = joinId ? rows.get(joinId) : undefined;
    if (!existing) return false;
    rows.set(existing.id, { ...existing, deleted: true, date_modified: formatDateTime(this.now()) });
    joins.delete(`${lhsId}|${rhsId}`);
    return true;
  }

  /** Live join rows of a relationship. */
  relationshipRows(relationship: string): RelationshipRow[] {
    return [...(this.relationships.get(relationshipOf(relationship).name) as Map<string, RelationshipRow>).values()].filter((r) => !r.deleted);
  }

  /** The live records a link reaches from one record, with the join row's role where the relationship has one. */
  related(link: LinkDef, id: string): Array<{ row: Row; role: string | null }> {
    if (link.kind === 'field') {
      if (link.holder === 'self') {
        const target = this.get(link.module, id)?.[link.field];
        const row = typeof target === 'string' ? this.get(link.relatedModule, target) : undefined;
        return row ? [{ row, role: null }] : [];
      }
      return this.list(link.relatedModule).filter((row) => row[link.field] === id).map((row) => ({ row, role: null }));
    }
    const out: Array<{ row: Row; role: string | null }> = [];
    for (const rel of this.relationshipRows(link.relationship)) {
      const [mine, theirs, theirModule] = link.side === 'lhs' ? [rel.lhsId, rel.rhsId, rel.rhsModule] : [rel.rhsId, rel.lhsId, relationshipOf(link.relationship).lhsModule];
      if (mine !== id || theirModule !== link.relatedModule) continue;
      const row = this.get(link.relatedModule, theirs);
      if (row) out.push({ row, role: rel.role });
    }
    return out;
  }

  /** Adds a person (or account, user) to a Target List, as a marketer does in the UI. */
  addListMember(listId: string, member: { module: string; id: string }): RelationshipRow {
    return this.relate('prospect_lists_prospects', listId, member);
  }

  removeListMember(listId: string, memberId: string): boolean {
    return this.unrelate('prospect_lists_prospects', listId, memberId);
  }

  /** Live members of a Target List. */
  listMembers(listId: string): Array<{ module: string; id: string }> {
    return this.relationshipRows('prospect_lists_prospects').filter((r) => r.lhsId === listId).map((r) => ({ module: r.rhsModule, id: r.rhsId }));
  }

  private put(module: ModuleDef, row: Row): void {
    module.calculate?.(row);
    this.rows(module.name).set(row.id as string, row);
  }
}
