import { objectForPrefix, type FieldDef, type ObjectDef, type SfRecord } from '../schema';
import type { OrgStore } from '../store';
import { readField, readParent, type FieldPath } from './fields';

/** The selected fields as a tree, so `Account.Name, Account.Industry` become one nested `Account` object. */
interface Node {
  fields: FieldDef[];
  order: Array<{ kind: 'field'; field: FieldDef } | { kind: 'relation'; name: string }>;
  relations: Map<string, { step: FieldDef; node: Node }>;
}

const emptyNode = (): Node => ({ fields: [], order: [], relations: new Map() });

export type OutputRecord = Record<string, unknown>;

export function recordUrl(apiVersion: string, type: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${id}`;
}

export class Projection {
  private readonly root = emptyNode();

  constructor(paths: FieldPath[], private readonly store: OrgStore, private readonly apiVersion: string) {
    for (const path of paths) this.add(path);
  }

  private add(path: FieldPath): void {
    let node = this.root;
    for (const step of path.steps) {
      const name = step.relationshipName as string;
      let child = node.relations.get(name);
      if (!child) {
        child = { step, node: emptyNode() };
        node.relations.set(name, child);
        node.order.push({ kind: 'relation', name });
      }
      node = child.node;
    }
    if (!node.fields.includes(path.field)) {
      node.fields.push(path.field);
      node.order.push({ kind: 'field', field: path.field });
    }
  }

  /** Shapes a record as the REST API does: `attributes` first, then the selected fields in SELECT order. */
  project(record: SfRecord, object: ObjectDef, nowMs: number): OutputRecord {
    return this.render(record, object.name, this.root, nowMs);
  }

  private render(record: SfRecord, type: string, node: Node, nowMs: number): OutputRecord {
    const out: OutputRecord = { attributes: { type, url: recordUrl(this.apiVersion, type, record.Id) } };
    for (const entry of node.order) {
      if (entry.kind === 'field') {
        out[entry.field.name] = readField(record, entry.field, nowMs);
        continue;
      }
      const relation = node.relations.get(entry.name) as { step: FieldDef; node: Node };
      const parent = readParent(this.store, record, relation.step);
      const parentType = parent && objectForPrefix(parent.Id.slice(0, 3))?.name;
      out[entry.name] = parent && parentType ? this.render(parent, parentType, relation.node, nowMs) : null;
    }
    return out;
  }
}
