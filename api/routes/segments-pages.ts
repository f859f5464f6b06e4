import type { Client } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../../domain/audit/record-audit';
import type { ConnectorFactory } from '../../domain/crm/connector-factory';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { explainStoredMember, type StoredMemberExplanation } from '../../domain/segments/db/explain-member';
import { segmentCatalogForList } from '../../domain/segments/db/list-catalog';
import { SegmentInputError } from '../../domain/segments/db/segment-input';
import { changeSegment, defineSegment, removeSegment } from '../../domain/segments/db/segment-store';
import { actorOf, requirePermission } from '../auth/authorize';
import { builderPageQuery, EMPTY_QUERY_TEXT, parseQueryText, readSegmentForm, segmentPageQuery, type SegmentForm } from '../forms/segment-form';
import { segmentIdParam } from '../forms/segment-input';
import { pageInfo } from '../paging';
import { presentBuilderCatalog } from '../presenters/segment-builder-catalog';
import { presentSegment } from '../presenters/segment-json';
import { routeParam } from '../route-param';
import { loadSegmentForEvaluation, loadSegmentWithList } from '../services/segment-context';
import { segmentMembersPage, streamSegmentCsv } from '../services/segment-members';
import { listBuilderLists, loadSegmentRuns, loadSegmentsIndex } from '../services/segments-read';
import { startSegmentRefresh } from '../services/segment-run-starter';
import { parseInput } from '../validate';
import { triggerMessage } from '../presenters/trigger-message';

type Deps = { models: Models; temporal: Client; taskQueue: string; box: SecretBox; connectors: ConnectorFactory };
type Problem = { path: string; message: string };

/** The segment pages: list with counts and freshness, the builder (new and edit), and a segment with its members and explain. */
export function segmentsPagesRouter(deps: Deps): Router {
  const { models } = deps;
  const services = { models, connectors: deps.connectors };
  const router = Router();
  const manage = requirePermission('segments:manage');
  const view = requirePermission('segments:view');
  const idOf = (req: Request) => parseInput(segmentIdParam, routeParam(req, 'id'), 'id');

  router.get('/segments', view, async (_req, res) => {
    const { segments, listNames, lastRuns } = await loadSegmentsIndex(models);
    res.render('segments/index', { title: 'Segments', segments: segments.map(presentSegment), listNames, lastRuns });
  });

  async function renderBuilder(res: Response, options: { form: SegmentForm; segmentId?: string; problems?: Problem[]; status?: number }) {
    const lists = await listBuilderLists(models);
    const listId = options.form.listId || (lists.length === 1 ? String(lists[0]._id) : '');
    const list = lists.find((l) => String(l._id) === listId);
    const catalog = list ? presentBuilderCatalog(await segmentCatalogForList(services, list)) : null;
    res.status(options.status ?? 200).render('segments/builder', {
      title: options.segmentId ? `Edit ${options.form.name}` : 'New segment',
      lists: lists.map((l) => ({ id: String(l._id), name: l.name, memberCount: l.memberCount ?? 0 })),
      list: list ? { id: String(list._id), name: list.name, memberCount: list.memberCount ?? 0 } : null,
      catalog,
      form: { ...options.form, listId, queryText: options.form.queryText || EMPTY_QUERY_TEXT },
      segmentId: options.segmentId ?? null,
      problems: options.problems ?? [],
    });
  }

  router.get('/segments/new', manage, async (req, res) => {
    const { listId } = parseInput(builderPageQuery, req.query, 'query');
    await renderBuilder(res, { form: { listId: listId ?? '', name: '', queryText: '' } });
  });

  /** Parses and stores the form; on a problem, shows the builder again with every problem listed. */
  async function saveFromForm(req: Request, res: Response, segmentId?: string) {
    const form = readSegmentForm(req.body as Record<string, unknown>);
    const parsed = parseQueryText(form.queryText);
    const problems: Problem[] = [];
    if (!parsed.ok) problems.push(parsed.problem);
    if (form.name.trim() === '') problems.push({ path: 'name', message: 'give the segment a name' });
    if (form.name.length > 200) problems.push({ path: 'name', message: 'at most 200 characters' });
    if (problems.length > 0) return renderBuilder(res, { form, segmentId, problems, status: 400 });
    const query = (parsed as { query: unknown }).query;
    try {
      if (segmentId) {
        await changeSegment(services, segmentId, { name: form.name.trim(), query }, '');
        await recordAudit(models, actorOf(req), 'changed-segment', { kind: 'segment', id: segmentId, name: form.name.trim() }, { queryChanged: true });
        req.session.flash = { kind: 'ok', message: 'Segment saved. Refresh it to update its members.' };
        return res.redirect(`/segments/${segmentId}`);
      }
      const created = await defineSegment(services, { listId: form.listId, name: form.name.trim(), query }, actorOf(req).name, '');
      await recordAudit(models, actorOf(req), 'created-segment', { kind: 'segment', id: String(created._id), name: created.name }, { listId: form.listId });
      req.session.flash = { kind: 'ok', message: `Segment "${created.name}" saved. Refresh it to find its members.` };
      return res.redirect(`/segments/${String(created._id)}`);
    } catch (err) {
      if (!(err instanceof SegmentInputError)) throw err;
      // Paths are rooted at the form: 'query.all[0].op', 'listId'.
      const rooted = err.problems.map((p) => ({ ...p, path: p.path.replace(/^\./, '') }));
      return renderBuilder(res, { form, segmentId, problems: rooted, status: 400 });
    }
  }

  router.post('/segments', manage, (req, res) => saveFromForm(req, res));

  router.get('/segments/:id', view, async (req, res) => {
    const id = idOf(req);
    const { segment, list, json } = await loadSegmentWithList(models, id);
    const query = parseInput(segmentPageQuery, req.query, 'query');
    const { crmId, ...paging } = query;
    const [{ members, total, next }, { lastRun, activeRun }] = await Promise.all([
      segmentMembersPage(models, { id, listId: segment.listId, memberCount: segment.memberCount ?? 0 }, paging),
      loadSegmentRuns(models, id, json.lastRunId),
    ]);
    let explained: StoredMemberExplanation | null | undefined;
    let explainError: string | undefined;
    if (crmId) {
      try {
        explained = (await explainStoredMember(models, await loadSegmentForEvaluation(services, id), crmId)) ?? null;
      } catch (err) {
        if (!(err instanceof SegmentInputError)) throw err;
        explainError = err.message;
      }
    }
    res.render('segments/show', {
      title: json.name,
      segment: json,
      list: { id: String(list._id), connectionId: String(list.connectionId), name: list.name, fields: list.fields, dataAsOf: list.dataAsOf ?? null },
      members,
      page: pageInfo(paging, total, { next }),
      lastRun,
      activeRun,
      crmId: crmId ?? '',
      explained,
      explainError,
      queryText: JSON.stringify(json.query, null, 2),
    });
  });

  router.get('/segments/:id/edit', manage, async (req, res) => {
    const { segment } = await loadSegmentWithList(models, idOf(req));
    await renderBuilder(res, { form: { listId: segment.listId, name: segment.name, queryText: JSON.stringify(segment.query, null, 2) }, segmentId: String(segment._id) });
  });

  router.post('/segments/:id', manage, async (req, res) => {
    const { segment } = await loadSegmentWithList(models, idOf(req));
    await saveFromForm(req, res, String(segment._id));
  });

  router.post('/segments/:id/refreshes', manage, async (req, res) => {
    const { json } = await loadSegmentWithList(models, idOf(req));
    const started = await startSegmentRefresh(deps, json.id, { triggeredBy: actorOf(req).name });
    await recordAudit(models, actorOf(req), started.joined ? 'joined-run' : 'triggered-run', { kind: 'run', id: started.runId }, { runKind: 'segment-refresh', segmentId: json.id });
    req.session.flash = { kind: 'ok', message: triggerMessage({ started: 'Refresh started; the count updates when it finishes.', work: 'A refresh of this segment' }, started) };
    res.redirect(`/segments/${json.id}`);
  });

  router.get('/segments/:id/members.csv', requirePermission('exports:run'), async (req, res) => {
    const { segment, list, json } = await loadSegmentWithList(models, idOf(req));
    await streamSegmentCsv(models, res, { id: json.id, listId: segment.listId, name: segment.name }, list.fields);
  });

  router.post('/segments/:id/delete', manage, async (req, res) => {
    const { json } = await loadSegmentWithList(models, idOf(req));
    await removeSegment(models, json.id);
    await recordAudit(models, actorOf(req), 'removed-segment', { kind: 'segment', id: json.id, name: json.name });
    req.session.flash = { kind: 'ok', message: `Segment "${json.name}" was removed. Nothing was deleted in the CRM or the list.` };
    res.redirect('/segments');
  });

  return router;
}
