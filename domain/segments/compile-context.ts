/** What the compiler's parts share: the catalog to resolve fields with and the plan being built. */
import { resolveField, type ResolvedField, type SegmentFieldCatalog } from './catalog';
import type { PlanBuilder } from './plan-builder';

export interface CompileContext {
  catalog: SegmentFieldCatalog;
  builder: PlanBuilder;
}

/** The fields a condition names; the query was validated, so a miss is a programming error. */
export function resolveValidated(catalog: SegmentFieldCatalog, object: Parameters<typeof resolveField>[1], field: string): ResolvedField[] {
  const lookup = resolveField(catalog, object, field);
  if (!lookup.ok) throw new Error(`compileSegmentQuery: validate the query first (${lookup.message})`);
  return lookup.fields;
}
