import type { FieldDef, FieldType, FieldValue, ObjectDef, PicklistValue, SfRecord } from './types';

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

function field(name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  const custom = name.endsWith('__c');
  return {
    name,
    label,
    type,
    length: 0,
    precision: 0,
    scale: 0,
    nillable: true,
    createable: true,
    updateable: true,
    calculated: false,
    custom,
    defaultedOnCreate: false,
    required: false,
    referenceTo: [],
    relationshipName: null,
    cascadeDelete: false,
    picklistValues: [],
    calculatedFormula: null,
    ...options,
  };
}

export const text = (name: string, label: string, length: number, o?: FieldOptions) => field(name, label, 'string', { length, ...o });
export const textarea = (name: string, label: string, o?: FieldOptions) => field(name, label, 'textarea', { length: 32000, ...o });
export const email = (name: string, label: string, o?: FieldOptions) => field(name, label, 'email', { length: 80, ...o });
export const phone = (name: string, label: string, o?: FieldOptions) => field(name, label, 'phone', { length: 40, ...o });
export const url = (name: string, label: string, o?: FieldOptions) => field(name, label, 'url', { length: 255, ...o });
export const date = (name: string, label: string, o?: FieldOptions) => field(name, label, 'date', o);
export const datetime = (name: string, label: string, o?: FieldOptions) => field(name, label, 'datetime', o);
export const double = (name: string, label: string, precision = 18, scale = 2, o?: FieldOptions) =>
  field(name, label, 'double', { precision, scale, ...o });
export const currency = (name: string, label: string, o?: FieldOptions) => field(name, label, 'currency', { precision: 18, scale: 2, ...o });
export const int = (name: string, label: string, o?: FieldOptions) => field(name, label, 'int', { precision: 8, ...o });
export const percent = (name: string, label: string, o?: FieldOptions) => field(name, label, 'percent', { precision: 3, ...o });

/** Checkboxes are never null in Salesforce: not nillable and false unless set. */
export const checkbox = (name: string, label: string, o?: FieldOptions) =>
  field(name, label, 'boolean', { nillable: false, defaultedOnCreate: true, ...o });

function picklistValues(values: string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}

export const picklist = (name: string, label: string, values: string[], o?: FieldOptions & { default?: string }) =>
  field(name, label, 'picklist', { length: 255, picklistValues: picklistValues(values, o?.default), defaultedOnCreate: !!o?.default, ...o });

export const multipicklist = (name: string, label: string, values: string[], o?: FieldOptions) =>
  field(name, label, 'multipicklist', { length: 4099, picklistValues: picklistValues(values), ...o });

export const reference = (name: string, label: string, referenceTo: string[], relationshipName: string, o?: FieldOptions) =>
  field(name, label, 'reference', { length: 18, referenceTo, relationshipName, ...o });

export const readOnly: FieldOptions = { createable: false, updateable: false };

export const formula = (
  name: string,
  label: string,
  type: FieldType,
  calculatedFormula: string,
  compute: (record: SfRecord, nowMs: number) => FieldValue,
) => field(name, label, type, { ...readOnly, calculated: true, calculatedFormula, compute, precision: 18 });

/** Id, IsDeleted and the audit fields every object carries; the store maintains them on each write. */
export function systemFields(): FieldDef[] {
  return [
    field('Id', 'Record ID', 'id', { length: 18, nillable: false, ...readOnly, defaultedOnCreate: true }),
    checkbox('IsDeleted', 'Deleted', readOnly),
    datetime('CreatedDate', 'Created Date', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    datetime('LastModifiedDate', 'Last Modified Date', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { ...readOnly, nillable: false, defaultedOnCreate: true }),
    datetime('SystemModstamp', 'System Modstamp', { ...readOnly, nillable: false, defaultedOnCreate: true }),
  ];
}

export const ownerField = () =>
  reference('OwnerId', 'Owner ID', ['Group', 'User'], 'Owner', { nillable: false, defaultedOnCreate: true });

export function composeName(record: SfRecord): void {
  const parts = [record.FirstName, record.LastName].filter((p) => typeof p === 'string' && p !== '');
  record.Name = parts.length ? parts.join(' ') : null;
}

export function defineObject(def: ObjectDef): ObjectDef {
  return def;
}
