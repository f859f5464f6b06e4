/**
 * What happens to one pushed field of one list member, decided from three values: marketing's
 * (the member's), the CRM's (the local copy the admin sync just refreshed) and the value last agreed
 * between the two (after the last pull or successful push). Only a side that moved away from the
 * agreed value has changed anything:
 *
 *   marketing moved, CRM did not  → push marketing's value
 *   CRM moved, marketing did not  → take the CRM's value into the member (never revert it)
 *   both moved to different values → a conflict, settled by the field's rule
 *
 * and an empty marketing value never blanks a non-empty CRM value unless the field's rule says
 * "blank clears" or a program step cleared the field on purpose. Pure: the pull, the push and the
 * tests all ask this one function.
 */
import type { ConflictRule, FieldSyncRule } from '../mapping/conflict-rules';
import { sameMemberValue } from './member-values';

/** How marketing last changed a field: when, and whether it was an explicit clear. */
export interface LocalChange {
  at: Date;
  clear?: boolean;
}

export interface FieldState {
  local: unknown;
  crm: unknown;
  /**
   * Undefined when the member has no agreed value for the field yet. Then a marketing change note
   * makes the CRM copy stand in (marketing's value is pushed), and without one the member's own
   * value does (a differing CRM value is taken): with no record of who changed what, a value a CRM
   * user may have typed is kept.
   */
  agreed: unknown;
  localChange?: LocalChange;
  /** When the CRM record last changed (its stamp); needed only by the most-recent rule. */
  crmChangedAt?: Date | null;
}

export interface FieldConflict {
  rule: ConflictRule;
  winner: 'marketing' | 'crm';
  marketingValue: unknown;
  crmValue: unknown;
  agreedValue: unknown;
}

export type FieldDecision =
  /** Both sides hold the same value and it is the agreed one: nothing to do. */
  | { kind: 'in-step' }
  /** Both sides hold the same value, which becomes the agreed one (no CRM write). */
  | { kind: 'agree'; value: unknown }
  /** The CRM's value goes into the member and becomes the agreed one. */
  | { kind: 'take-crm'; value: unknown; conflict?: FieldConflict }
  /** Marketing's value is written to the CRM. */
  | { kind: 'push'; value: unknown; conflict?: FieldConflict }
  /** Marketing's empty value would blank the CRM's: held back, nothing written either way. */
  | { kind: 'hold-blank'; conflict?: FieldConflict };

export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function conflictWinner(rule: ConflictRule, state: FieldState): 'marketing' | 'crm' {
  switch (rule) {
    case 'marketing-wins':
      return 'marketing';
    case 'crm-wins':
      return 'crm';
    case 'crm-unless-blank':
      return isBlank(state.crm) ? 'marketing' : 'crm';
    case 'most-recent': {
      // A side whose change time is unknown counts as the older one; on a tie the CRM keeps its value,
      // since a CRM user's edit is the thing this product must never undo by accident.
      const marketingAt = state.localChange?.at?.getTime() ?? -Infinity;
      const crmAt = state.crmChangedAt?.getTime() ?? -Infinity;
      return marketingAt > crmAt ? 'marketing' : 'crm';
    }
  }
}

export function decideField(state: FieldState, rule: FieldSyncRule): FieldDecision {
  const { local, crm } = state;
  const agreed = state.agreed !== undefined ? state.agreed : state.localChange ? crm : local;
  if (sameMemberValue(local, crm)) return state.agreed !== undefined && sameMemberValue(agreed, crm) ? { kind: 'in-step' } : { kind: 'agree', value: crm };
  const marketingMoved = !sameMemberValue(local, agreed);
  const crmMoved = !sameMemberValue(crm, agreed);
  if (!marketingMoved) return { kind: 'take-crm', value: crm };

  const push = (conflict?: FieldConflict): FieldDecision => {
    const blanking = isBlank(local) && !isBlank(crm) && !rule.blankClears && state.localChange?.clear !== true;
    if (blanking) return conflict ? { kind: 'hold-blank', conflict } : { kind: 'hold-blank' };
    return conflict ? { kind: 'push', value: local, conflict } : { kind: 'push', value: local };
  };
  if (!crmMoved) return push();

  const winner = conflictWinner(rule.conflict, state);
  const conflict: FieldConflict = { rule: rule.conflict, winner, marketingValue: local, crmValue: crm, agreedValue: agreed };
  return winner === 'crm' ? { kind: 'take-crm', value: crm, conflict } : push(conflict);
}
