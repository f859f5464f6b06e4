/**
 * What a list push does when a pushed field changed on both sides since the value last agreed with
 * the CRM, and whether an empty marketing value may blank a CRM value. One rule per mapping entry,
 * shown and edited in the mapping editor.
 *
 * Defaults: a Score field is marketing's own number (the CRM field exists to receive it), so
 * marketing wins; every other pushable field belongs to the people who type into the CRM, so the
 * CRM wins. An empty value never overwrites a CRM value unless the entry says `blankClears` or a
 * program step clears the field on purpose.
 */
import { z } from 'zod';
import { STANDARD_FIELD_TYPES } from './field-types';
// Types only: mapping.ts imports this module's schema, so a value import back would be a cycle.
import type { FieldMappingEntry } from './mapping';

export const CONFLICT_RULES = ['marketing-wins', 'crm-wins', 'most-recent', 'crm-unless-blank'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export const CONFLICT_RULE_LABELS: Record<ConflictRule, string> = {
  'marketing-wins': 'marketing wins',
  'crm-wins': 'CRM wins',
  'most-recent': 'most recent change wins',
  'crm-unless-blank': 'CRM wins unless blank',
};

export const conflictRuleSchema = z.enum(CONFLICT_RULES, { errorMap: () => ({ message: `choose one of ${CONFLICT_RULES.join(', ')}` }) });

export interface FieldSyncRule {
  conflict: ConflictRule;
  blankClears: boolean;
}

/** The rule an entry gets when it names none. */
export function defaultConflictRule(entry: Pick<FieldMappingEntry, 'target'>): ConflictRule {
  const type = entry.target.kind === 'standard' ? STANDARD_FIELD_TYPES[entry.target.field] : entry.target.type;
  return type === 'Score' ? 'marketing-wins' : 'crm-wins';
}

/** The rule in force for one mapping entry. */
export function fieldSyncRule(entry: Pick<FieldMappingEntry, 'target' | 'conflictRule' | 'blankClears'>): FieldSyncRule {
  return { conflict: entry.conflictRule ?? defaultConflictRule(entry), blankClears: entry.blankClears === true };
}
