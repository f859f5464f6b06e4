import type { CrmFieldDescribe, CrmObjectDescribe } from '../connector';
import type { TableInfo } from './dynamics-records';

/** The parts of AttributeMetadata the describe reads (EntityDefinitions(...)/Attributes). */
export interface AttributeMetadata {
  LogicalName: string;
  AttributeType?: string;
  AttributeTypeName?: { Value?: string };
  DisplayName?: { UserLocalizedLabel?: { Label?: string } | null };
  IsValidForUpdate?: boolean;
  IsValidForRead?: boolean;
  SourceType?: number | null;
  Format?: string | null;
  Targets?: string[] | null;
  OptionSet?: { Options?: Array<{ Value: number; Label?: { UserLocalizedLabel?: { Label?: string } | null } | null }> } | null;
}

/** A choice column's options: the values as records carry them (as text), and each one's label in the user's language. */
interface ChoiceOptions {
  values: string[];
  labels: Record<string, string>;
}

function choiceOptions(a: AttributeMetadata): ChoiceOptions {
  const values: string[] = [];
  const labels: Record<string, string> = {};
  for (const option of a.OptionSet?.Options ?? []) {
    const value = String(option.Value);
    values.push(value);
    const label = option.Label?.UserLocalizedLabel?.Label;
    if (label) labels[value] = label;
  }
  return { values, labels };
}

/** The derived metadata types whose option sets become picklist values (each needs its own cast to expand OptionSet). */
export const OPTION_SET_CASTS = ['PicklistAttributeMetadata', 'MultiSelectPicklistAttributeMetadata', 'StateAttributeMetadata', 'StatusAttributeMetadata'] as const;

const LOOKUP_TYPES = new Set(['Lookup', 'Customer', 'Owner']);

const STRING_FORMATS: Record<string, string> = { Email: 'email', Phone: 'phone', Url: 'url', TextArea: 'textarea' };

/**
 * Dataverse attribute types in the words Salesforce's describe uses, which the mapping editor and the
 * segment catalog already understand (string, picklist, boolean, int, double, currency, date,
 * datetime, reference, id).
 */
function coreType(a: AttributeMetadata): string {
  if (a.AttributeTypeName?.Value === 'MultiSelectPicklistType') return 'multipicklist';
  switch (a.AttributeType) {
    case 'String':
      return STRING_FORMATS[a.Format ?? ''] ?? 'string';
    case 'Memo':
      return 'textarea';
    case 'Integer':
      return 'int';
    case 'BigInt':
      return 'long';
    case 'Decimal':
    case 'Double':
      return 'double';
    case 'Money':
      return 'currency';
    case 'Boolean':
      return 'boolean';
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'picklist';
    case 'DateTime':
      return a.Format === 'DateOnly' ? 'date' : 'datetime';
    case 'Uniqueidentifier':
      return 'id';
    default:
      return a.AttributeType && LOOKUP_TYPES.has(a.AttributeType) ? 'reference' : 'string';
  }
}

function picklistOf(options: ChoiceOptions | undefined): Pick<CrmFieldDescribe, 'picklistValues' | 'picklistLabels'> {
  if (!options) return { picklistValues: [] };
  return { picklistValues: options.values, ...(Object.keys(options.labels).length > 0 ? { picklistLabels: options.labels } : {}) };
}

function describeAttribute(a: AttributeMetadata, options: Map<string, ChoiceOptions>): CrmFieldDescribe {
  const lookup = !!a.AttributeType && LOOKUP_TYPES.has(a.AttributeType);
  const type = coreType(a);
  return {
    // Records carry a lookup as `_x_value` (its GUID): the describe names the field the same way.
    name: lookup ? `_${a.LogicalName}_value` : a.LogicalName,
    label: a.DisplayName?.UserLocalizedLabel?.Label ?? a.LogicalName,
    type,
    // A lookup is written through `x@odata.bind`, which this connector does not send: it is not updateable here.
    updateable: a.IsValidForUpdate === true && !lookup,
    calculated: a.SourceType === 1 || a.SourceType === 2,
    compound: false,
    referenceTo: lookup ? [...(a.Targets ?? [])] : [],
    ...(type === 'picklist' || type === 'multipicklist' ? picklistOf(options.get(a.LogicalName)) : {}),
  };
}

/**
 * A table's describe. Picklist values are the option values as text ("100000001"), not their labels:
 * records arrive with the integer, a push must send the integer, and labels differ per language and
 * can be renamed under a saved segment. The labels ride along in `picklistLabels`, for the pages
 * where people pick or read a value. Columns Dataverse cannot read (and the virtual `…name`
 * columns of lookups and choices) are left out.
 */
export function toObjectDescribe(table: TableInfo, attributes: AttributeMetadata[], optionSets: AttributeMetadata[]): CrmObjectDescribe {
  const options = new Map(optionSets.map((a) => [a.LogicalName, choiceOptions(a)]));
  const fields = attributes
    .filter((a) => a.IsValidForRead !== false && (a.AttributeType !== 'Virtual' || a.AttributeTypeName?.Value === 'MultiSelectPicklistType'))
    .map((a) => describeAttribute(a, options));
  // Dataverse keeps no readable recycle bin: deletes are seen in the change feed or by id diff.
  return { name: table.logicalName, label: table.displayName, fields, tracksDeletes: false };
}
