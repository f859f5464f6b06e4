/**
 * Checking a segment before it is stored or previewed: the list must exist and the query must be
 * valid against that list's field catalog. Every problem comes back with its JSON path, rooted
 * where the request put it (`body.query.all[2].where.all[0].op`), so a client can mark each one.
 */
import type { Models } from '../../models';
import type { SegmentFieldCatalog } from '../catalog';
import type { SegmentQuery } from '../query';
import { validateSegmentQuery } from '../validate';
import { segmentCatalogForList, type CatalogDeps } from './list-catalog';

export interface SegmentProblem {
  path: string;
  message: string;
}

/** A segment request that cannot be carried out as sent; the error handler makes it a 400. */
export class SegmentInputError extends Error {
  override name = 'SegmentInputError';
  constructor(readonly problems: SegmentProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export type SegmentInputDeps = CatalogDeps & { models: Pick<Models, 'CrmDescribe' | 'Connection' | 'MarketingList'> };

export async function loadListForSegment(models: Pick<Models, 'MarketingList'>, listId: string, path: string) {
  const list = OBJECT_ID.test(listId) ? await models.MarketingList.findById(listId).lean() : null;
  if (!list) throw new SegmentInputError([{ path, message: `no list ${listId}` }]);
  return list;
}

/** The query as a valid SegmentQuery for this catalog, or every problem rooted at `root`. */
export function checkSegmentQuery(query: unknown, catalog: SegmentFieldCatalog, root: string): SegmentQuery {
  const validation = validateSegmentQuery(query, catalog);
  if (validation.ok) return validation.query;
  throw new SegmentInputError(validation.problems.map((p) => ({ path: `${root}${p.path.slice(1)}`, message: p.message })));
}

/** The list a segment reads, its catalog, and the query checked against it. */
export async function prepareSegmentQuery(deps: SegmentInputDeps, input: { listId: string; query: unknown }, root: string) {
  const list = await loadListForSegment(deps.models, input.listId, `${root}.listId`);
  const catalog = await segmentCatalogForList(deps, list);
  const query = checkSegmentQuery(input.query, catalog, `${root}.query`);
  return { list, catalog, query };
}
