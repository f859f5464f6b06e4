export type FieldType =
  | 'id' | 'string' | 'email' | 'phone' | 'picklist' | 'multipicklist' | 'boolean' | 'date' | 'datetime'
  | 'double' | 'currency' | 'int' | 'reference' | 'textarea' | 'url' | 'percent';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/** A stored field value. Dates are `YYYY-MM-DD`, datetimes Salesforce's `…T…000+0000`; null and absent mean the same. */
export type FieldValue = string | number | boolean | null;

export interface SfRecord {
  Id: string;
  [field: string]: FieldValue | undefined;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  calculated: boolean;
  custom: boolean;
  defaultedOnCreate: boolean;
  /** Must be given on create and may not be cleared (REQUIRED_FIELD_MISSING). */
  required: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** Deleting the parent deletes this record too, as master-detail and some standard lookups do. */
  cascadeDelete: boolean;
  picklistValues: PicklistValue[];
  calculatedFormula: string | null;
  /** Value of a formula field, computed at read time from the record and the org clock. */
  compute?: (record: SfRecord, nowMs: number) => FieldValue;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
  /** Fills fields Salesforce derives on save (Name from FirstName/LastName, IsWon from StageName, …). */
  derive?: (record: SfRecord) => void;
  /**
   * `false` for objects Salesforce deletes outright: a delete of one of their records leaves no
   * recycle-bin row (queryAll and the deleted endpoint never see it) and it cannot be undeleted.
   */
  recycleBin?: boolean;
}
