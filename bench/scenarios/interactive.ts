/**
 * Interactive latency at realistic volume (issue 28): a database of 100 lists × 10,000 members, 50
 * segments (6,000 members each), 1,000,000 membership-change documents and 100,000 runs, then
 * p50/p95 of what a person waits for: the runs list, a list page, members pages 1 and 100 (by
 * cursor), a segment page, explain, the contact page, a preview, and a 6,000-member segment refresh.
 * Each read is the service call its route makes (the database work; rendering is not timed).
 *
 * BENCH_INTERACTIVE_SCALE (default 1) scales lists, segments, changes and runs; a list always has
 * 10,000 members (smoke: 600), so page 100 and a 6,000-member refresh exist at every scale.
 */
import { encodeCursor, readKeysetPage } from '../../api/keyset';
import { loadContactPage } from '../../api/services/contact-page-read';
import { listMembers, loadListPage } from '../../api/services/lists-read';
import { listRuns } from '../../api/services/runs-read';
import { loadSegmentForEvaluation, loadSegmentWithList } from '../../api/services/segment-context';
import { segmentMembersPage } from '../../api/services/segment-members';
import { loadSegmentRuns } from '../../api/services/segments-read';
import { startSegmentRefresh } from '../../api/services/segment-run-starter';
import { runListQuery } from '../../api/forms/run-list-query';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { explainStoredMember } from '../../domain/segments/db/explain-member';
import { previewSegment } from '../../domain/segments/db/evaluate-segment';
import { prepareSegmentQuery } from '../../domain/segments/db/segment-input';
import { defineSegment } from '../../domain/segments/db/segment-store';
import type { BenchContext, BenchRow, BenchScenario, BenchTarget, ScenarioResult } from '../lib/scenario';
import { seedBenchOrg } from '../lib/seed-org';
import { SEGMENT_SCORE_BELOW, seedInteractive, type InteractiveSize } from '../lib/seed-interactive';

const SCENARIO = 'interactive';
const FULL: InteractiveSize = { lists: 100, segments: 50, changes: 1_000_000, runs: 100_000 };
const SMOKE: InteractiveSize = { lists: 2, segments: 2, changes: 2_000, runs: 300 };
/** Contacts are 60 % of an org's people: 16,667 people make 10,000-member lists. */
const PEOPLE = { full: 16_667, smoke: 1_000 } as const;
const SAMPLES = { full: 20, smoke: 2 } as const;
/** A read stops being sampled after this long, so a slow one does not eat the benchmark's budget. */
const SAMPLING_BUDGET_MS = 60_000;
const MEMBERS_PER_PAGE = 100;
const QUERY = { all: [{ object: 'Marketing', field: 'behaviorScore', op: 'lt', value: SEGMENT_SCORE_BELOW }] };

function scaled(scale: number): InteractiveSize {
  return {
    lists: Math.max(2, Math.round(FULL.lists * scale)),
    segments: Math.max(2, Math.round(FULL.segments * scale)),
    changes: Math.round(FULL.changes * scale),
    runs: Math.round(FULL.runs * scale),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function sample(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  await fn(); // warm-up: connection pool, plan caches
  for (let i = 0; i < count && (i < 3 || performance.now() - started < SAMPLING_BUDGET_MS); i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

export const scenario: BenchScenario = {
  id: SCENARIO,
  title: 'Interactive latency at realistic volume (lists, segments, membership changes, runs)',
  order: 60,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const scale = Number(process.env.BENCH_INTERACTIVE_SCALE ?? 1);
    if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_INTERACTIVE_SCALE must be in (0, 1], got ${process.env.BENCH_INTERACTIVE_SCALE}`);
    const size = ctx.size === 'smoke' ? SMOKE : scaled(scale);
    const org = await seedBenchOrg({ services: ctx.services, name: 'interactive', people: PEOPLE[ctx.size], objects: ['Contact', 'Account'], contactViews: ['Contact'], log: ctx.log });
    try {
      const { models } = org;
      const segmentDeps = { models, connectors: createConnectorFactory(models, org.box) };
      const seeded = await seedInteractive(
        models,
        org.connectionId,
        size,
        async (listId, name) => String((await defineSegment(segmentDeps, { listId, name, query: QUERY }, 'bench'))._id),
        ctx.log,
      );
      const listId = seeded.listIds[0];
      const segmentId = seeded.segmentIds[0];
      const list = { id: listId, connectionId: org.connectionId, memberCount: seeded.members };
      const byEmail = { sort: 'email', dir: 'asc', page: 1, perPage: MEMBERS_PER_PAGE } as const;

      // The cursor of page 100 is the one following "Next" 99 times leads to: that of page 99's last member.
      const ordered = await models.ListMember.find({ listId }, { emailKey: 1, crmId: 1 }).sort({ emailKey: 1, crmId: 1 }).lean();
      const lastOf99 = ordered[Math.min(ordered.length, 99 * MEMBERS_PER_PAGE) - 1];
      const after = encodeCursor(lastOf99, [
        { field: 'emailKey', dir: 1 },
        { field: 'crmId', dir: 1 },
      ]);

      const n = SAMPLES[ctx.size];
      const reads: [string, () => Promise<unknown>, number][] = [
        ['runs list (newest 25)', () => listRuns(models, runListQuery.parse({})), 300],
        ['list page (25 members, runs, errors)', () => loadListPage(models, list, { ...byEmail, perPage: 25 }), 300],
        ['members page 1 (100)', () => listMembers(models, list, byEmail), 300],
        ['members page 100 (by cursor)', () => listMembers(models, list, { ...byEmail, after }), 300],
        [
          'segment page (25 members, runs)',
          async () => {
            const { segment, json } = await loadSegmentWithList(models, segmentId);
            return Promise.all([
              segmentMembersPage(models, { id: segmentId, listId, memberCount: segment.memberCount ?? 0 }, { page: 1, perPage: 25, sort: 'crmId', dir: 'asc' }),
              loadSegmentRuns(models, segmentId, json.lastRunId),
            ]);
          },
          300,
        ],
        ['explain', async () => explainStoredMember(models, await loadSegmentForEvaluation(segmentDeps, segmentId), seeded.crmId), 150],
        ['contact page', () => loadContactPage(models, org.connectionId, seeded.crmId), 150],
        [
          'preview',
          async () => {
            const { list: stored, catalog, query } = await prepareSegmentQuery(segmentDeps, { listId, query: QUERY }, 'body');
            return previewSegment(models, { listId: String(stored._id), connectionId: String(stored.connectionId), catalog, query }, { segmentId });
          },
          300,
        ],
      ];
      const rows: BenchRow[] = [];
      const targets: BenchTarget[] = [];
      for (const [name, read, targetMs] of reads) {
        const times = await sample(n, read);
        const sorted = [...times].sort((a, b) => a - b);
        const p50 = percentile(sorted, 50);
        const p95 = percentile(sorted, 95);
        ctx.log(`${name}: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (${times.length} samples)`);
        rows.push({ scenario: SCENARIO, variant: name, metrics: { p50_ms: [p50], p95_ms: [p95], samples: [times.length] } });
        targets.push({ scenario: SCENARIO, description: `${name}: p95 < ${targetMs} ms`, measured: `${p95.toFixed(0)} ms`, met: p95 < targetMs });
      }

      // The same first page as the database sorted it before runs had buckets, side by side (no target).
      const sortedByDatabase = await sample(Math.min(n, 3), () =>
        readKeysetPage(models.Run, {}, [{ field: 'createdAt', dir: -1 }, { field: '_id', dir: -1 }], { page: 1, perPage: 25 }),
      );
      const sortedBefore = [...sortedByDatabase].sort((a, b) => a - b);
      ctx.log(`runs list sorted by the database (before buckets): p50 ${percentile(sortedBefore, 50).toFixed(0)} ms`);
      rows.push({ scenario: SCENARIO, variant: 'runs list (newest 25), sorted by the database as before buckets', metrics: { p50_ms: [percentile(sortedBefore, 50)], p95_ms: [percentile(sortedBefore, 95)], samples: [sortedBefore.length] } });

      const refreshTimes: number[] = [];
      for (let i = 0; i < Math.max(1, Math.min(ctx.repeats, 3)); i++) {
        const t = performance.now();
        await org.waitForRun((await startSegmentRefresh(org.starterDeps, segmentId)).runId);
        refreshTimes.push(performance.now() - t);
      }
      const stored = await models.Segment.findById(segmentId, { memberCount: 1 }).lean();
      const sortedRefresh = [...refreshTimes].sort((a, b) => a - b);
      const refreshP50 = percentile(sortedRefresh, 50);
      ctx.log(`refresh of ${stored?.memberCount} members: ${refreshTimes.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
      rows.push({ scenario: SCENARIO, variant: `segment refresh (${stored?.memberCount ?? 0} members)`, metrics: { p50_ms: [refreshP50], p95_ms: [percentile(sortedRefresh, 95)], samples: [refreshTimes.length] } });
      targets.push({ scenario: SCENARIO, description: 'a 6,000-member segment refresh < 3 s', measured: `${(refreshP50 / 1000).toFixed(2)} s`, met: refreshP50 < 3_000 });
      return {
        rows,
        targets,
        notes: [
          `${seeded.listIds.length} lists × ${seeded.members} members, ${seeded.segmentIds.length} segments of ${stored?.memberCount ?? 0}, ${size.changes} membership changes, ${size.runs} runs` +
            (ctx.size === 'full' && scale !== 1 ? ` (BENCH_INTERACTIVE_SCALE=${scale})` : ''),
        ],
      };
    } finally {
      await org.close();
    }
  },
};
