import type { FieldDef, FieldType } from './types';

type Extra = Partial<FieldDef>;

const labelKey = (name: string) => `LBL_${name.replace(/_c$/, '').toUpperCase()}`;

function field(name: string, label: string, type: FieldType, extra: Extra = {}): FieldDef {
  return { name, vname: labelKey(name), label, type, ...extra };
}

/** Field builders, so each module file reads like its vardefs. */
export const f = {
  text: (name: string, label: string, len = 100, extra: Extra = {}) => field(name, label, 'varchar', { len, ...extra }),
  name: (name: string, label: string, len = 100, extra: Extra = {}) => field(name, label, 'name', { len, ...extra }),
  memo: (name: string, label: string) => field(name, label, 'text'),
  email: () => field('email1', 'Email Address', 'varchar', { len: 100 }),
  phone: (name: string, label: string) => field(name, label, 'phone', { len: 100 }),
  url: (name: string, label: string) => field(name, label, 'url', { len: 255 }),
  int: (name: string, label: string, extra: Extra = {}) => field(name, label, 'int', { len: 11, ...extra }),
  currency: (name: string, label: string) => field(name, label, 'currency', { len: 26 }),
  bool: (name: string, label: string, extra: Extra = {}) => field(name, label, 'bool', extra),
  enum: (name: string, label: string, options: string, extra: Extra = {}) => field(name, label, 'enum', { len: 100, options, ...extra }),
  multienum: (name: string, label: string, options: string, extra: Extra = {}) => field(name, label, 'multienum', { options, ...extra }),
  date: (name: string, label: string, extra: Extra = {}) => field(name, label, 'date', extra),
  datetime: (name: string, label: string, extra: Extra = {}) => field(name, label, 'datetime', extra),
  /** An id field pointing at another module's record (`account_id`), with its relate name field beside it. */
  relateId: (name: string, label: string, module: string) => field(name, label, 'id', { module }),
  relate: (name: string, label: string, module: string, idName: string, rname = 'name') =>
    field(name, label, 'relate', { module, idName, rname, nonDb: true, readonly: true, source: 'non-db' }),
  link: (name: string, label: string, relationship: string, module: string) =>
    field(name, label, 'link', { relationship, module, nonDb: true, source: 'non-db' }),
  readOnly: (def: FieldDef): FieldDef => ({ ...def, readonly: true }),
};

/** Fields every emulated module has: id, audit stamps and the soft-delete flag. */
export function standardFields(): FieldDef[] {
  return [
    field('id', 'ID', 'id', { readonly: true, required: true }),
    f.readOnly(f.datetime('date_entered', 'Date Created')),
    f.readOnly(f.datetime('date_modified', 'Date Modified')),
    f.readOnly(f.relateId('modified_user_id', 'Modified By Id', 'Users')),
    f.readOnly(f.relateId('created_by', 'Created By Id', 'Users')),
    f.memo('description', 'Description'),
    f.readOnly(f.bool('deleted', 'Deleted')),
  ];
}

/** Assignment: the owning user's id, and its name composed on read. */
export function assignedUserFields(): FieldDef[] {
  return [
    f.relateId('assigned_user_id', 'Assigned User Id', 'Users'),
    f.relate('assigned_user_name', 'Assigned to', 'Users', 'assigned_user_id', 'user_name'),
  ];
}
