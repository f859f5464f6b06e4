/**
 * The field mapping of a connection: which CRM Lead/Contact field fills which marketing field,
 * and the rules a mapping must pass before it is saved.
 */
import { z } from 'zod';
import { conflictRuleSchema, type ConflictRule } from './conflict-rules';
import { FIELD_TYPES, STANDARD_FIELDS, STANDARD_FIELD_TYPES, type FieldType, type StandardField } from './field-types';

export const CRM_OBJECTS = ['Lead', 'Contact'] as const;
export type CrmObject = (typeof CRM_OBJECTS)[number];

export type MappingTarget = { kind: 'standard'; field: StandardField } | { kind: 'custom'; name: string; type: FieldType };

export interface FieldMappingEntry {
  crmObject: CrmObject;
  crmField: string;
  target: MappingTarget;
  /** Absent means "follow the mapping's default push policy" (see push-policy.ts); a boolean overrides it. */
  allowPush?: boolean;
  /** Who wins when both sides changed the field since the last agreed value; absent means the default (conflict-rules.ts). */
  conflictRule?: ConflictRule;
  /** May an empty marketing value overwrite a non-empty CRM value? Absent means no. */
  blankClears?: boolean;
}

export interface ConnectionMapping {
  entries: FieldMappingEntry[];
  pushPolicy: { default: 'allow' | 'deny' };
}

/** A CRM field as the connector's describe reports it. */
export interface CrmFieldInfo {
  name: string;
  label: string;
  /** The CRM's own type: string, email, phone, picklist, multipicklist, boolean, date, datetime, double, … */
  type: string;
  updateable: boolean;
  calculated: boolean;
  picklistValues?: string[];
  /** Value → label where the CRM stores codes (see CrmFieldDescribe.picklistLabels); for showing only. */
  picklistLabels?: Record<string, string>;
}

export type CrmDescribe = Record<CrmObject, CrmFieldInfo[]>;

export interface MappingProblem {
  rule:
    | 'email-required'
    | 'score-required'
    | 'score-not-pushable'
    | 'unknown-crm-field'
    | 'duplicate-target'
    | 'type-mismatch'
    | 'invalid-custom-name'
    | 'invalid-shape';
  /** Where the problem is, e.g. `entries[2].target`, so the UI can point at the row. */
  path: string;
  message: string;
}

// The messages reach people filling the mapping form, so they say what to choose rather than "Required".
const targetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('standard'), field: z.enum(STANDARD_FIELDS) }),
    z.object({ kind: z.literal('custom'), name: z.string(), type: z.enum(FIELD_TYPES, { required_error: `choose the custom field's type (${FIELD_TYPES.join(', ')})` }) }),
  ],
  { required_error: 'choose the marketing field this CRM field fills' },
);

export const fieldMappingEntrySchema = z.object({
  crmObject: z.enum(CRM_OBJECTS),
  crmField: z.string().trim().min(1, 'a CRM field is required'),
  target: targetSchema,
  allowPush: z.boolean().optional(),
  conflictRule: conflictRuleSchema.optional(),
  blankClears: z.boolean().optional(),
});

/** Checks shape only; the business rules are in validateMapping so each failure names its rule. */
export const connectionMappingSchema = z.object({
  entries: z.array(fieldMappingEntrySchema),
  pushPolicy: z.object({ default: z.enum(['allow', 'deny']) }),
});

export class MappingInvalidError extends Error {
  override name = 'MappingInvalidError';
  constructor(readonly problems: MappingProblem[]) {
    super(`The mapping cannot be saved:\n${problems.map((p) => `- [${p.rule}] ${p.path}: ${p.message}`).join('\n')}`);
  }
}

/** The key a mapped value is stored under: the standard field's name or the custom field's name. */
export function targetName(target: MappingTarget): string {
  return target.kind === 'standard' ? target.field : target.name;
}

export function targetType(target: MappingTarget): FieldType {
  return target.kind === 'standard' ? STANDARD_FIELD_TYPES[target.field] : target.type;
}

/** Salesforce field and object API names are case-insensitive, so every comparison here is too. */
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

const NUMERIC_CRM_TYPES = ['double', 'currency', 'int', 'percent'];
const TEXT_CRM_TYPES = ['string', 'textarea', 'url', 'phone', 'email', 'picklist', 'multipicklist', 'id', 'reference'];
/**
 * Which CRM field types can fill each marketing type. Text takes anything scalar. CRM types not
 * listed here (address, location, combobox, …) are not judged: refusing a mapping we cannot
 * assess would block the admin with no remedy, and coercion still catches bad values per record.
 */
const ACCEPTED_CRM_TYPES: Record<FieldType, readonly string[]> = {
  Text: [...TEXT_CRM_TYPES, ...NUMERIC_CRM_TYPES, 'boolean', 'date', 'datetime'],
  Email: ['email', 'string'],
  Boolean: ['boolean'],
  Date: ['date', 'datetime'],
  Datetime: ['datetime', 'date'],
  Number: NUMERIC_CRM_TYPES,
  Score: NUMERIC_CRM_TYPES,
  MultiText: ['multipicklist', 'picklist', 'string', 'textarea'],
};
const KNOWN_CRM_TYPES = new Set(ACCEPTED_CRM_TYPES.Text);

function describeTarget(target: MappingTarget): string {
  return target.kind === 'standard' ? `the ${target.field} field` : `the ${target.type} field '${target.name}'`;
}

/** Every rule a mapping breaks (empty when it may be saved). With describe, CRM fields and types are checked too. */
export function validateMapping(mapping: ConnectionMapping, describe?: CrmDescribe): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const at = (i: number, part: string) => `entries[${i}].${part}`;

  for (const crmObject of CRM_OBJECTS) {
    const hasEmail = mapping.entries.some((e) => e.crmObject === crmObject && e.target.kind === 'standard' && e.target.field === 'email');
    if (!hasEmail) {
      problems.push({ rule: 'email-required', path: 'entries', message: `${crmObject}: the CRM email field must be mapped to the email field` });
    }
  }
  if (!mapping.entries.some((e) => e.target.kind === 'custom' && e.target.type === 'Score')) {
    problems.push({ rule: 'score-required', path: 'entries', message: 'at least one Score field must be mapped' });
  }

  const firstCustom = new Map<string, { index: number; name: string; type: FieldType }>();
  const firstTarget = new Map<string, number>();
  mapping.entries.forEach((entry, i) => {
    const { target } = entry;
    if (target.kind === 'custom') {
      if (!CUSTOM_NAME.test(target.name)) {
        problems.push({ rule: 'invalid-custom-name', path: at(i, 'target.name'), message: `custom field name '${target.name}' must start with a letter and contain only letters, digits and underscores (at most 80)` });
      } else if (STANDARD_FIELDS.some((f) => sameName(f, target.name))) {
        problems.push({ rule: 'invalid-custom-name', path: at(i, 'target.name'), message: `custom field name '${target.name}' is already a standard field; map to the standard field instead` });
      }
      // The same custom field may be filled from Lead and Contact, but it is one field with one type.
      const first = firstCustom.get(target.name.toLowerCase());
      if (!first) firstCustom.set(target.name.toLowerCase(), { index: i, name: target.name, type: target.type });
      else if (first.type !== target.type) {
        problems.push({ rule: 'type-mismatch', path: at(i, 'target.type'), message: `custom field '${target.name}' is ${target.type} here but ${first.type} in entries[${first.index}]` });
      } else if (first.name !== target.name) {
        problems.push({ rule: 'invalid-custom-name', path: at(i, 'target.name'), message: `custom field '${target.name}' is spelled '${first.name}' in entries[${first.index}]` });
      }
    }

    const key = `${entry.crmObject}/${target.kind}/${targetName(target).toLowerCase()}`;
    const earlier = firstTarget.get(key);
    if (earlier === undefined) firstTarget.set(key, i);
    else {
      const other = mapping.entries[earlier]?.crmField ?? '';
      problems.push({ rule: 'duplicate-target', path: at(i, 'target'), message: `${entry.crmObject} fields '${other}' and '${entry.crmField}' both map to ${describeTarget(target)}` });
    }

    if (!describe) return;
    const field = describe[entry.crmObject].find((f) => sameName(f.name, entry.crmField));
    if (!field) {
      problems.push({ rule: 'unknown-crm-field', path: at(i, 'crmField'), message: `${entry.crmObject} has no field '${entry.crmField}'` });
      return;
    }
    const type = targetType(target);
    const crmType = field.type.toLowerCase();
    if (KNOWN_CRM_TYPES.has(crmType) && !ACCEPTED_CRM_TYPES[type].includes(crmType)) {
      problems.push({ rule: 'type-mismatch', path: at(i, 'target'), message: `${entry.crmObject} field '${field.name}' is a ${crmType} field and cannot fill ${describeTarget(target)}` });
    }
    // Score fields are always pushed (push-policy.ts), so a score mapped to a field the CRM will not
    // let us write would fail on every push; refusing it here names the problem while it is cheap to fix.
    if (type === 'Score' && (field.calculated || !field.updateable)) {
      const why = field.calculated ? 'is a formula field' : 'is read-only';
      problems.push({
        rule: 'score-not-pushable',
        path: at(i, 'crmField'),
        message: `${entry.crmObject} field '${field.name}' ${why}; Score fields are always pushed to the CRM, so map ${describeTarget(target)} to a writable field`,
      });
    }
  });
  return problems;
}

/** Throws MappingInvalidError listing every broken rule; the API answers it with a 400 that lists them (api/error-handler.ts). */
export function assertValidMapping(mapping: ConnectionMapping, describe?: CrmDescribe): void {
  const problems = validateMapping(mapping, describe);
  if (problems.length > 0) throw new MappingInvalidError(problems);
}

/** Parses untrusted input (a form, a JSON body, a stored document) into a mapping, or throws with rule `invalid-shape`. */
export function parseConnectionMapping(input: unknown): ConnectionMapping {
  const parsed = connectionMappingSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new MappingInvalidError(
    parsed.error.issues.map((issue) => ({
      rule: 'invalid-shape',
      path: issue.path.map((part, n) => (typeof part === 'number' ? `[${part}]` : n === 0 ? part : `.${part}`)).join('') || '(mapping)',
      message: issue.message,
    })),
  );
}
