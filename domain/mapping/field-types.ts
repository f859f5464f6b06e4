/**
 * The marketing side of a field mapping: the data types a custom field can have and the
 * standard marketing fields, each with the type its values are coerced to.
 */
export const FIELD_TYPES = ['Boolean', 'Date', 'Datetime', 'Text', 'Number', 'Score', 'Email', 'MultiText'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Standard marketing fields and their implied types; phone numbers stay Text because CRMs store them formatted. */
export const STANDARD_FIELD_TYPES = {
  email: 'Email',
  firstName: 'Text',
  lastName: 'Text',
  company: 'Text',
  title: 'Text',
  phone: 'Text',
  mobilePhone: 'Text',
  city: 'Text',
  state: 'Text',
  country: 'Text',
  postalCode: 'Text',
  website: 'Text',
  industry: 'Text',
  leadSource: 'Text',
} as const satisfies Record<string, FieldType>;

export type StandardField = keyof typeof STANDARD_FIELD_TYPES;
export const STANDARD_FIELDS = Object.keys(STANDARD_FIELD_TYPES) as [StandardField, ...StandardField[]];

export function isStandardField(name: string): name is StandardField {
  return Object.prototype.hasOwnProperty.call(STANDARD_FIELD_TYPES, name);
}

/** A value after coercion: null is a legitimate empty value for every type. */
export type CoercedValue = boolean | number | string | Date | string[] | null;
