/** A lookup value as the store keeps it: the row it points at and that row's table (Customer lookups have two targets). */
export interface LookupValue {
  id: string;
  table: string;
}

export type FieldValue = string | number | boolean | null | LookupValue;

/** One Dataverse row, keyed by attribute logical name; lookups hold a LookupValue, not the `_x_value` wire name. */
export type Row = Record<string, FieldValue>;

/** The AttributeType values of AttributeMetadata that the emulated tables use. */
export type AttributeType =
  | 'Uniqueidentifier' | 'String' | 'Memo' | 'Integer' | 'BigInt' | 'Decimal' | 'Money' | 'Boolean' | 'Picklist' | 'Virtual'
  | 'State' | 'Status' | 'DateTime' | 'Lookup' | 'Owner' | 'Customer';

export interface OptionDef {
  value: number;
  label: string;
}

export interface ColumnDef {
  logicalName: string;
  schemaName: string;
  displayName: string;
  type: AttributeType;
  /** Virtual + this flag = a multi-select choice column (MultiSelectPicklistAttributeMetadata). */
  multiSelect?: boolean;
  /** AttributeMetadata.SourceType: 0 simple, 1 calculated, 2 rollup. */
  sourceType: 0 | 1 | 2;
  validForCreate: boolean;
  validForUpdate: boolean;
  requiredLevel: 'None' | 'ApplicationRequired' | 'SystemRequired';
  isCustom: boolean;
  maxLength?: number;
  /** String format (Email, Url, …) as StringAttributeMetadata.Format reports it. */
  format?: string;
  /** DateTime column holding a date only (DateTimeBehavior DateOnly): values are `YYYY-MM-DD`. */
  dateOnly?: boolean;
  options?: OptionDef[];
  booleanLabels?: { true: string; false: string };
  /** Tables a lookup may point at. */
  targets?: string[];
}

export interface TableDef {
  logicalName: string;
  entitySetName: string;
  displayName: string;
  primaryId: string;
  primaryName: string;
  /** EntityMetadata.ChangeTrackingEnabled by default; tests may switch it per store. */
  changeTracking: boolean;
  columns: ColumnDef[];
  /** Fills system-computed columns on every write (fullname from first and last name). */
  deriveOnWrite?(row: Row): void;
}
