/**
 * Everything the mapping editor page shows, worked out here so the template only loops and tests:
 * pickers built from the CRM's describe, each problem placed at the row its path names, and the
 * read-only wording ops see.
 */
import { CONFLICT_RULES, CONFLICT_RULE_LABELS, defaultConflictRule } from '../../domain/mapping/conflict-rules';
import { FIELD_TYPES, STANDARD_FIELDS, STANDARD_FIELD_TYPES } from '../../domain/mapping/field-types';
import { picklistLabelOf } from '../../domain/crm/picklist-labels';
import type { CrmDescribe, CrmFieldInfo, MappingProblem } from '../../domain/mapping/mapping';
import { blankRows, type MappingFormRow } from '../forms/mapping-form';

/** Said of every formula field: the sync refreshes them with full syncs, not when the formula's inputs change. */
export const FORMULA_NOTE = 'formula — fresh as of the last full sync';

/** How many of a choice field's codes a row names before "…". */
const CHOICES_NAMED = 6;

interface Option {
  value: string;
  text: string;
  selected: boolean;
}

type Cell = 'crmField' | 'target' | 'allowPush';

export interface MappingRowView extends MappingFormRow {
  index: number;
  /** Form field names of this row (`rows[3][crmField]`), as readMappingForm reads them. */
  names: Record<keyof MappingFormRow, string>;
  /** The picker's options; empty when the CRM could not be described (the field is then typed in). */
  fieldOptions: Option[];
  fieldText: string;
  formula: boolean;
  /** For a choice field the CRM stores as codes: the codes the marketing field receives and what each means. */
  choicesText: string | null;
  targetOptions: Option[];
  typeOptions: Option[];
  targetText: string;
  isScore: boolean;
  pushText: string;
  /** The conflict rule picker: '' follows the default, named in its text. */
  conflictOptions: Option[];
  conflictText: string;
  /** Per cell, the name its messages are rendered under (partials/field-error), unique on the page. */
  errorKey: Record<Cell, string>;
  /** Messages keyed by errorKey, as partials/field-error reads them. */
  errors: Record<string, string>;
  hasErrors: boolean;
}

export interface MappingPageInput {
  connection: { id: string; name: string };
  rows: MappingFormRow[];
  pushDefault: string;
  describe?: CrmDescribe;
  describeError?: string;
  problems?: MappingProblem[];
  /** Entry index → row index (see readMappingForm); identity when the rows came from the stored mapping. */
  entryRows?: number[];
  canEdit: boolean;
  savedAt?: Date | null;
  pendingFullSyncs: { object: string; reason: string }[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function fieldsOf(describe: CrmDescribe | undefined, crmObject: string): CrmFieldInfo[] | undefined {
  return describe ? ((describe as Record<string, CrmFieldInfo[] | undefined>)[crmObject] ?? []) : undefined;
}

function fieldLabel(field: CrmFieldInfo): string {
  const notes = [field.calculated ? FORMULA_NOTE : !field.updateable ? 'read-only' : ''].filter(Boolean);
  return [`${field.label} · ${field.name} · ${field.type}`, ...notes].join(' · ');
}

function choicesText(field: CrmFieldInfo | undefined): string | null {
  const values = field?.picklistValues;
  const labels = field?.picklistLabels;
  if (!values || !labels) return null;
  const named = values.slice(0, CHOICES_NAMED).map((v) => `${v} = ${picklistLabelOf(labels, v)}`);
  return `the CRM stores codes: ${named.join(', ')}${values.length > CHOICES_NAMED ? ', …' : ''}`;
}

function fieldOptions(fields: CrmFieldInfo[] | undefined, chosen: string): Option[] {
  if (!fields) return [];
  const sorted = [...fields].sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }));
  const options = sorted.map((f) => ({ value: f.name, text: fieldLabel(f), selected: sameName(f.name, chosen) }));
  // A stored field the CRM no longer has stays selectable, so the row shows what is saved and the rule names it.
  if (chosen && !options.some((o) => o.selected)) options.unshift({ value: chosen, text: `${chosen} · not in the CRM`, selected: true });
  return [{ value: '', text: '— choose a CRM field —', selected: !chosen }, ...options];
}

function targetOptions(chosen: string): Option[] {
  return [
    { value: '', text: '— choose —', selected: chosen === '' },
    ...STANDARD_FIELDS.map((f) => ({ value: `standard:${f}`, text: `${f} (${STANDARD_FIELD_TYPES[f]})`, selected: chosen === `standard:${f}` })),
    { value: 'custom', text: 'custom field (name and type →)', selected: chosen === 'custom' },
  ];
}

function targetText(row: MappingFormRow): string {
  if (row.target === 'custom') return `${row.customName} — custom ${row.customType}`;
  return row.target.startsWith('standard:') ? row.target.slice('standard:'.length) : '';
}

function pushText(row: MappingFormRow, isScore: boolean, pushDefault: string): string {
  if (isScore) return 'always pushed';
  if (row.allowPush === 'default') return `follows the default (${pushDefault})`;
  return row.allowPush === 'allow' ? 'allowed' : 'denied';
}

function formNames(index: number): Record<keyof MappingFormRow, string> {
  const name = (part: keyof MappingFormRow) => `rows[${index}][${part}]`;
  return {
    crmObject: name('crmObject'),
    crmField: name('crmField'),
    target: name('target'),
    customName: name('customName'),
    customType: name('customType'),
    allowPush: name('allowPush'),
    conflictRule: name('conflictRule'),
    blankClears: name('blankClears'),
    remove: name('remove'),
  };
}

/** The default a row's rule follows: marketing wins for a Score, the CRM for everything else. */
function defaultRuleOf(isScore: boolean) {
  return defaultConflictRule({ target: isScore ? { kind: 'custom', name: 'score', type: 'Score' } : { kind: 'standard', field: 'email' } });
}

function conflictOptions(row: MappingFormRow, isScore: boolean): Option[] {
  const fallback = CONFLICT_RULE_LABELS[defaultRuleOf(isScore)];
  return [
    { value: '', text: `default (${fallback})`, selected: row.conflictRule === '' },
    ...CONFLICT_RULES.map((rule) => ({ value: rule, text: CONFLICT_RULE_LABELS[rule], selected: row.conflictRule === rule })),
  ];
}

function conflictText(row: MappingFormRow, isScore: boolean): string {
  const rule = CONFLICT_RULE_LABELS[row.conflictRule === '' ? defaultRuleOf(isScore) : row.conflictRule];
  return `if both sides changed: ${rule}${row.conflictRule === '' ? ' (default)' : ''}; ${row.blankClears ? 'a blank value clears the CRM field' : 'a blank never overwrites a CRM value'}`;
}

const ENTRY_PATH = /^entries\[(\d+)\](?:\.(\w+))?/;

function cellOf(part: string | undefined): Cell {
  if (part === 'target') return 'target';
  return part === 'allowPush' ? 'allowPush' : 'crmField';
}

/** The row and cell a problem's path points to, or undefined for mapping-wide rules (email-required, …). */
function placeOf(problem: MappingProblem, entryRows: number[]): { row: number; cell: Cell } | undefined {
  const match = ENTRY_PATH.exec(problem.path);
  const row = match ? entryRows[Number(match[1])] : undefined;
  return row === undefined ? undefined : { row, cell: cellOf(match?.[2]) };
}

export function mappingPageModel(input: MappingPageInput) {
  const problems = input.problems ?? [];
  const entryRows = input.entryRows ?? input.rows.map((_, i) => i);
  const rows = input.canEdit ? [...input.rows, ...blankRows()] : input.rows;
  const views: MappingRowView[] = rows.map((row, index) => {
    const fields = fieldsOf(input.describe, row.crmObject);
    const field = fields?.find((f) => sameName(f.name, row.crmField));
    const isScore = row.target === 'custom' && row.customType === 'Score';
    return {
      ...row,
      index,
      names: formNames(index),
      fieldOptions: fieldOptions(fields, row.crmField),
      fieldText: field ? `${field.label} (${field.name}, ${field.type})` : row.crmField,
      formula: Boolean(field?.calculated),
      choicesText: choicesText(field),
      targetOptions: targetOptions(row.target),
      typeOptions: [{ value: '', text: '— type —', selected: row.customType === '' }, ...FIELD_TYPES.map((t) => ({ value: t, text: t, selected: row.customType === t }))],
      targetText: targetText(row),
      isScore,
      pushText: pushText(row, isScore, input.pushDefault),
      conflictOptions: conflictOptions(row, isScore),
      conflictText: conflictText(row, isScore),
      errorKey: { crmField: `row-${index}-crmField`, target: `row-${index}-target`, allowPush: `row-${index}-allowPush` },
      errors: {},
      hasErrors: false,
    };
  });
  const summary = problems.map((problem) => {
    const place = placeOf(problem, entryRows);
    const view = place ? views[place.row] : undefined;
    if (place && view) {
      const key = view.errorKey[place.cell];
      view.errors[key] = view.errors[key] ? `${view.errors[key]}; ${problem.message}` : problem.message;
      view.hasErrors = true;
    }
    return { rule: problem.rule, message: problem.message, rowIndex: view ? view.index : null, rowLabel: view ? `${view.crmObject} ${view.crmField || `row ${view.index + 1}`}` : null };
  });
  return {
    title: `Field mapping · ${input.connection.name}`,
    connection: input.connection,
    rows: views,
    pushDefault: input.pushDefault,
    formErrors: { pushDefault: problems.filter((p) => p.path.startsWith('pushPolicy')).map((p) => p.message).join('; ') },
    describeAvailable: Boolean(input.describe),
    describeError: input.describeError ?? null,
    summary,
    canEdit: input.canEdit,
    savedAt: input.savedAt ?? null,
    pendingFullSyncs: input.pendingFullSyncs,
    formulaNote: FORMULA_NOTE,
  };
}
