/**
 * Push policy: which mapped fields may be written back to the CRM when updating existing records.
 * (Creating CRM records is not governed here; only a list or program that asks for it creates.)
 *
 * The decision, per entry:
 *   target is a Score field          → push, always (to stop pushing a score, remove its mapping)
 *   allowPush === true               → push
 *   allowPush === false              → no push
 *   allowPush absent, default allow  → push
 *   allowPush absent, default deny   → no push
 * So under 'allow' an entry pushes unless it says allowPush: false, and under 'deny' only entries
 * with allowPush: true push. An explicit per-field choice survives a later change of the default.
 */
import type { ConnectionMapping, CrmObject, FieldMappingEntry } from './mapping';

export function isPushAllowed(mapping: ConnectionMapping, entry: FieldMappingEntry): boolean {
  // Scores exist to be pushed: the CRM's users act on them, so a deny default must not silence them.
  if (entry.target.kind === 'custom' && entry.target.type === 'Score') return true;
  if (entry.allowPush !== undefined) return entry.allowPush;
  return mapping.pushPolicy.default === 'allow';
}

/** The entries of one CRM object whose values may be pushed to existing records, in mapping order. */
export function pushableFields(mapping: ConnectionMapping, crmObject: CrmObject): FieldMappingEntry[] {
  return mapping.entries.filter((entry) => entry.crmObject === crmObject && isPushAllowed(mapping, entry));
}
