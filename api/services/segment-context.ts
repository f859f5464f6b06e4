/** Loading a stored segment with what most handlers need next to it: its list and its field catalog. */
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import { segmentCatalogForList } from '../../domain/segments/db/list-catalog';
import { checkSegmentQuery } from '../../domain/segments/db/segment-input';
import { NotFoundError } from '../http-errors';
import { presentSegment } from '../presenters/segment-json';

export type SegmentServiceDeps = { models: Models; connectors: ConnectorFactory };

export async function loadSegment(models: Pick<Models, 'Segment'>, id: string) {
  const segment = await models.Segment.findById(id).lean();
  if (!segment) throw new NotFoundError(`segment ${id}`);
  return segment;
}

export async function loadSegmentWithList(models: Pick<Models, 'Segment' | 'MarketingList'>, id: string) {
  const segment = await loadSegment(models, id);
  const list = await models.MarketingList.findById(segment.listId).lean();
  if (!list) throw new NotFoundError(`list ${segment.listId} of segment ${id}`);
  return { segment, list, json: presentSegment(segment) };
}

/** The segment, its list, the catalog and the stored query re-checked (the CRM's fields may have changed). */
export async function loadSegmentForEvaluation(deps: SegmentServiceDeps, id: string) {
  const loaded = await loadSegmentWithList(deps.models, id);
  const catalog = await segmentCatalogForList(deps, loaded.list);
  const query = checkSegmentQuery(loaded.segment.query, catalog, 'segment.query');
  return { ...loaded, catalog, query };
}
