/** A field value as the store keeps it: multienum fields hold the selected keys as an array. */
export type FieldValue = string | number | boolean | null | string[];

/** One Sugar record (a bean), keyed by field name; custom `_c` fields sit beside the stock ones, as the API shows them. */
export type Row = Record<string, FieldValue>;

/** The vardef `type` values of the emulated fields. */
export type FieldType =
  | 'id' | 'varchar' | 'name' | 'text' | 'email' | 'phone' | 'url' | 'int' | 'decimal' | 'currency' | 'bool'
  | 'enum' | 'multienum' | 'date' | 'datetime' | 'relate' | 'fullname' | 'link';

export interface FieldDef {
  name: string;
  /** The label key (`LBL_…`), as vardefs name it. */
  vname: string;
  /** English label, for metadata readers that show one. */
  label: string;
  type: FieldType;
  len?: number;
  required?: boolean;
  /** Dropdown list name (app_list_strings key) of enum and multienum fields. */
  options?: string;
  /** Sugar Logic: the value is computed from `formula` when the record is saved; writes are ignored. */
  calculated?: boolean;
  formula?: string;
  /** Set by Sugar, never by a caller (audit stamps, ids, composed names). */
  readonly?: boolean;
  /** Not a column: composed when the record is read (full_name, relate names). */
  nonDb?: boolean;
  /** `custom_fields` for the `_c` fields Studio adds. */
  source?: 'custom_fields' | 'non-db';
  /** relate fields: the module and id field they show a name of. */
  module?: string;
  idName?: string;
  rname?: string;
  /** link fields: the relationship they traverse. */
  relationship?: string;
}

export interface ModuleDef {
  name: string;
  /** Database table (custom fields live in `<table>_cstm`). */
  table: string;
  fields: FieldDef[];
  /** Computes the Sugar Logic calculated fields when the record is saved. */
  calculate?(row: Row): void;
}
