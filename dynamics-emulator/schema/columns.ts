import type { ColumnDef, OptionDef } from './types';

type Extra = Partial<ColumnDef>;

function column(logicalName: string, displayName: string, type: ColumnDef['type'], extra: Extra = {}): ColumnDef {
  const isCustom = logicalName.startsWith('new_');
  return {
    logicalName,
    schemaName: isCustom ? `new_${logicalName.slice(4, 5).toUpperCase()}${logicalName.slice(5)}` : logicalName.charAt(0).toUpperCase() + logicalName.slice(1),
    displayName,
    type,
    sourceType: 0,
    validForCreate: true,
    validForUpdate: true,
    requiredLevel: 'None',
    isCustom,
    ...extra,
  };
}

/** Column builders, so each table file reads like its list of columns. */
export const col = {
  id: (name: string, display: string) => column(name, display, 'Uniqueidentifier', { validForUpdate: false, requiredLevel: 'SystemRequired' }),
  text: (name: string, display: string, maxLength = 100, extra: Extra = {}) => column(name, display, 'String', { maxLength, ...extra }),
  memo: (name: string, display: string, maxLength = 100_000) => column(name, display, 'Memo', { maxLength }),
  int: (name: string, display: string, extra: Extra = {}) => column(name, display, 'Integer', extra),
  money: (name: string, display: string) => column(name, display, 'Money'),
  bool: (name: string, display: string, labels = { true: 'Yes', false: 'No' }) => column(name, display, 'Boolean', { booleanLabels: labels }),
  choice: (name: string, display: string, options: OptionDef[]) => column(name, display, 'Picklist', { options }),
  choices: (name: string, display: string, options: OptionDef[]) => column(name, display, 'Virtual', { options, multiSelect: true }),
  date: (name: string, display: string) => column(name, display, 'DateTime', { dateOnly: true }),
  datetime: (name: string, display: string, extra: Extra = {}) => column(name, display, 'DateTime', extra),
  lookup: (name: string, display: string, targets: string[]) =>
    column(name, display, targets.length > 1 ? 'Customer' : 'Lookup', { targets }),
  owner: () => column('ownerid', 'Owner', 'Owner', { targets: ['systemuser'], requiredLevel: 'SystemRequired' }),
  state: (options: OptionDef[]) => column('statecode', 'Status', 'State', { options, validForCreate: false, requiredLevel: 'SystemRequired' }),
  status: (options: OptionDef[]) => column('statuscode', 'Status Reason', 'Status', { options }),
  /** A column Dataverse computes: calculated (1) or rollup (2) are never written by callers. */
  computed: (name: string, display: string, type: ColumnDef['type'], sourceType: 1 | 2) =>
    column(name, display, type, { sourceType, validForCreate: false, validForUpdate: false }),
  readOnly: (column: ColumnDef): ColumnDef => ({ ...column, validForCreate: false, validForUpdate: false }),
};

export const options = (...labels: Array<[number, string]>): OptionDef[] => labels.map(([value, label]) => ({ value, label }));

/** Columns every emulated table has: audit stamps and the row version behind @odata.etag and change tracking. */
export function auditColumns(): ColumnDef[] {
  return [
    col.readOnly(col.datetime('createdon', 'Created On')),
    col.readOnly(col.datetime('modifiedon', 'Modified On')),
    col.readOnly(col.lookup('createdby', 'Created By', ['systemuser'])),
    col.readOnly(col.lookup('modifiedby', 'Modified By', ['systemuser'])),
    { ...col.readOnly(col.int('versionnumber', 'Version Number')), type: 'BigInt' },
  ];
}
