/** The segment query language: validate, compile, execute, and the reference evaluator and explain built on query.ts's semantics. */
export * from './query';
export { buildSegmentFieldCatalog, CATALOG_CRM_OBJECTS, type CatalogCrmField, type CatalogCrmObject, type CatalogMarketingField, type FieldKind, type SegmentFieldCatalog } from './catalog';
export { OPERATORS_BY_KIND } from './operators';
export { validateSegmentQuery, type SegmentQueryProblem, type SegmentQueryValidation } from './validate';
export { compileSegmentQuery, type CompileSegmentOptions } from './compile';
export { segmentSchemaOf, type SegmentSchema } from './segment-schema';
export { type MongoFilter, type SegmentPlan, type PlanStep } from './plan';
export { executeSegmentPlan, previewSegmentPlan, resolveSegmentFilter, type SegmentDataSource } from './execute';
export { evaluateSegmentReference } from './reference/evaluate';
export type { CrmRecordData, SegmentMemberData, SegmentReferenceData } from './reference/org-data';
export { explainSegmentMembership, type ExplainedNode, type SegmentExplanation } from './explain';
