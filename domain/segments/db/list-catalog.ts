/**
 * The field catalog a segment of one list is validated and compiled against: where the query's
 * object words live in the connection's CRM (segment-schema.ts), the CRM describes of the objects a segment can reach, and only the marketing fields the list copies (its members hold
 * no others, so a condition on another mapped field would silently match nothing).
 */
import { readStoredMapping } from '../../connections/mapping-service';
import { crmModel } from '../../crm/crm-registry';
import { buildSegmentFieldCatalog, type SegmentFieldCatalog } from '../catalog';
import { segmentSchemaOf } from '../segment-schema';
import { describeForSegments, type DescribeDeps } from './describe-cache';
import type { Models } from '../../models';

export type CatalogDeps = DescribeDeps & { models: Pick<Models, 'CrmDescribe' | 'Connection'> };

export async function segmentCatalogForList(deps: CatalogDeps, list: { connectionId: unknown; fields: string[] }): Promise<SegmentFieldCatalog> {
  const connectionId = String(list.connectionId);
  const connection = await deps.models.Connection.findById(connectionId, { crm: 1, mapping: 1 }).lean();
  const schema = segmentSchemaOf(crmModel(connection?.crm));
  const describes = await describeForSegments(deps, connectionId, schema.objects);
  const catalog = buildSegmentFieldCatalog(describes, readStoredMapping(connection?.mapping) ?? null, schema);
  const kept = new Set(list.fields);
  return { ...catalog, Marketing: catalog.Marketing.filter((f) => kept.has(f.name)) };
}
