import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { previewSegment } from '../../domain/segments/db/evaluate-segment';
import { explainStoredMember } from '../../domain/segments/db/explain-member';
import { prepareSegmentQuery } from '../../domain/segments/db/segment-input';
import { changeSegment, defineSegment, removeSegment } from '../../domain/segments/db/segment-store';
import { actorOf, requirePermission } from '../auth/authorize';
import { changeSegmentInput, explainQuery, newSegmentInput, previewSegmentInput, segmentIdParam, segmentListQuery, segmentMembersQuery } from '../forms/segment-input';
import { NotFoundError } from '../http-errors';
import { pageInfo } from '../paging';
import { presentSegment } from '../presenters/segment-json';
import { routeParam } from '../route-param';
import { loadSegment, loadSegmentForEvaluation, loadSegmentWithList } from '../services/segment-context';
import { segmentMembersPage, streamSegmentCsv } from '../services/segment-members';
import { checkSegmentOfList, listSegments } from '../services/segments-read';
import { startSegmentRefresh } from '../services/segment-run-starter';
import { parseInput } from '../validate';
import type { segmentCreatedJson, segmentMembersPageJson, segmentPreviewJson, segmentsJson } from '../presenters/segment-json-schema';

type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory };

/** The segments JSON API: define, preview, refresh, read members, explain one member. */
export function segmentsApiRouter(deps: Deps): Router {
  const { models } = deps;
  const services = { models, connectors: deps.connectors };
  const router = Router();
  const manage = requirePermission('segments:manage');
  const view = requirePermission('segments:view');
  const exportMembers = requirePermission('exports:run');
  const idOf = (req: Request) => parseInput(segmentIdParam, routeParam(req, 'id'), 'id');

  router.get('/api/v1/segments', view, async (req, res) => {
    const { listId } = parseInput(segmentListQuery, req.query, 'query');
    const segments = await listSegments(models, listId);
    res.json({ segments: segments.map(presentSegment) } satisfies z.infer<typeof segmentsJson>);
  });

  router.post('/api/v1/segments', manage, async (req, res) => {
    const input = parseInput(newSegmentInput, req.body, 'body');
    const segment = await defineSegment(services, input, actorOf(req).name);
    await recordAudit(models, actorOf(req), 'created-segment', { kind: 'segment', id: String(segment._id), name: segment.name }, { listId: input.listId });
    res.status(201).json({ id: String(segment._id), segment: presentSegment(segment.toObject()) } satisfies z.infer<typeof segmentCreatedJson>);
  });

  // Before '/:id' routes in spirit: 'preview' is no segment id, and the id schema would refuse it anyway.
  router.post('/api/v1/segments/preview', manage, async (req, res) => {
    const input = parseInput(previewSegmentInput, req.body, 'body');
    const { list, catalog, query } = await prepareSegmentQuery(services, input, 'body');
    if (input.segmentId) await checkSegmentOfList(models, input.segmentId, input.listId);
    const preview = await previewSegment(models, { listId: String(list._id), connectionId: String(list.connectionId), catalog, query }, { segmentId: input.segmentId, sampleSize: input.sampleSize });
    res.json({ ...preview, dataAsOf: list.dataAsOf ?? null } satisfies z.infer<typeof segmentPreviewJson>);
  });

  router.get('/api/v1/segments/:id', view, async (req, res) => {
    res.json(presentSegment(await loadSegment(models, idOf(req))));
  });

  router.put('/api/v1/segments/:id', manage, async (req, res) => {
    const id = idOf(req);
    const before = await loadSegment(models, id);
    const input = parseInput(changeSegmentInput, req.body, 'body');
    await changeSegment(services, id, input);
    const after = await loadSegment(models, id);
    await recordAudit(models, actorOf(req), 'changed-segment', { kind: 'segment', id, name: after.name }, { ...(input.name !== undefined ? { from: before.name } : {}), queryChanged: input.query !== undefined });
    res.json(presentSegment(after));
  });

  router.delete('/api/v1/segments/:id', manage, async (req, res) => {
    const segment = await loadSegment(models, idOf(req));
    await removeSegment(models, String(segment._id));
    await recordAudit(models, actorOf(req), 'removed-segment', { kind: 'segment', id: String(segment._id), name: segment.name });
    res.status(204).end();
  });

  router.post('/api/v1/segments/:id/refreshes', manage, async (req, res) => {
    const segment = await loadSegment(models, idOf(req));
    parseInput(z.object({}).strict(), req.body ?? {}, 'body');
    const started = await startSegmentRefresh(deps, String(segment._id), { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'segment-refresh', segmentId: String(segment._id) });
    res.status(202).json(started);
  });

  router.get('/api/v1/segments/:id/members', view, async (req, res) => {
    const { segment, list, json } = await loadSegmentWithList(models, idOf(req));
    const query = parseInput(segmentMembersQuery, req.query, 'query');
    if (query.format === 'csv') {
      // Exporting is its own permission; marketers and admins have it.
      await new Promise<void>((resolve, reject) => exportMembers(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      await streamSegmentCsv(models, res, { id: json.id, listId: segment.listId, name: segment.name }, list.fields);
      return;
    }
    const { members, total, next } = await segmentMembersPage(models, { id: json.id, listId: segment.listId, memberCount: segment.memberCount ?? 0 }, query);
    res.json({ members, page: pageInfo(query, total, { next }), refreshedAt: json.refreshedAt, dataAsOf: json.dataAsOf } satisfies z.infer<typeof segmentMembersPageJson>);
  });

  router.get('/api/v1/segments/:id/explain', view, async (req, res) => {
    const id = idOf(req);
    const { crmId } = parseInput(explainQuery, req.query, 'query');
    const target = await loadSegmentForEvaluation(services, id);
    const explained = await explainStoredMember(models, target, crmId);
    if (!explained) throw new NotFoundError(`member ${crmId} of list '${target.list.name}' (a segment only holds members of its list)`);
    res.json(explained);
  });

  return router;
}
