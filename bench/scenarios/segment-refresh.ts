/**
 * Segment refresh and preview (issue 9): a list of all Contacts (200,000 at full size) and the
 * segment "Account industry is Technology AND has an Opportunity that is Closed Won AND over
 * 50,000 (same record)". Measured side by side, several repeats each: the real segmentRefresh
 * workflow in a worker process (first refresh, which stores every member, and steady-state
 * refreshes), the preview (the function POST /api/v1/segments/preview calls) and the hand-written
 * query. All three must return exactly the same member set.
 */
import { startSegmentRefresh } from '../../api/services/segment-run-starter';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { prepareSegmentQuery } from '../../domain/segments/db/segment-input';
import { defineSegment } from '../../domain/segments/db/segment-store';
import { previewSegment } from '../../domain/segments/db/evaluate-segment';
import type { BenchContext, BenchRow, BenchScenario, ScenarioResult } from '../lib/scenario';
import { seedBenchOrg } from '../lib/seed-org';
import { seedContactList } from '../lib/seed-list';
import { handWrittenSegment } from '../lib/segment-hand-query';
import { median, timed } from '../lib/stats';

const SCENARIO = 'segment-refresh';
/**
 * Contacts are 60 % of an org's people: 333,400 people make the 200,000-member list
 * (BENCH_SEGMENT_PEOPLE=333400). On FerretDB v1 every evaluation, hand-written or not, reads the four
 * collections once (no filter but _id equality reaches SQLite): ~18 s at 20,000 members and ~95 s at
 * 200,000 (hand-written 97.6 s, the compiled plan 91.3 s, measured once on a busy 2-core machine),
 * after seeding the 200,000-member org for ~7 min. Ten evaluations at that size do not fit the
 * bench's budget, so the default full size is 20,000 members (~4 minutes with the seeding).
 */
const PEOPLE = { smoke: 3_000, full: Number(process.env.BENCH_SEGMENT_PEOPLE ?? 33_400) } as const;
const CONDITION = { industry: 'Technology', stage: 'Closed Won', amountOver: 50_000 };

const SEGMENT_QUERY = {
  all: [
    { object: 'Account', field: 'Industry', op: 'equals', value: CONDITION.industry },
    {
      related: 'Opportunity',
      match: 'any',
      where: { all: [{ field: 'StageName', op: 'equals', value: CONDITION.stage }, { field: 'Amount', op: 'gt', value: CONDITION.amountOver }] },
    },
  ],
};

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id));
}

export const scenario: BenchScenario = {
  id: SCENARIO,
  title: 'Segment refresh and preview vs a hand-written query (1:1 + 1:many any with two fields)',
  order: 40,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const org = await seedBenchOrg({
      services: ctx.services,
      name: 'segments',
      people: PEOPLE[ctx.size],
      objects: ['Account', 'Opportunity', 'OpportunityContactRole'],
      contactViews: ['Contact'],
      log: ctx.log,
    });
    try {
      const list = await seedContactList(org.models, org.connectionId, { name: 'all contacts', type: 'Contact', fields: ['email', 'behaviorScore'] });
      ctx.log(`list of ${list.members} members`);
      const segmentDeps = { models: org.models, connectors: createConnectorFactory(org.models, org.box) };
      const segment = await defineSegment(segmentDeps, { listId: list.listId, name: 'Tech accounts with a big won deal', query: SEGMENT_QUERY }, 'bench');
      const segmentId = String(segment._id);
      const hand = { listId: list.listId, connectionId: org.connectionId, ...CONDITION };

      const handTimes: number[] = [];
      let expected = new Set<string>();
      for (let i = 0; i < ctx.repeats; i++) {
        const r = await timed(() => handWrittenSegment(org.models, hand));
        expected = r.value;
        handTimes.push(r.seconds);
      }
      ctx.log(`hand-written: ${expected.size} members, median ${median(handTimes).toFixed(2)} s`);
      if (expected.size === 0) throw new Error('the segment is empty: the benchmark would measure nothing');

      const refresh = async () => {
        const r = await timed(async () => org.waitForRun((await startSegmentRefresh(org.starterDeps, segmentId)).runId));
        const stored = new Set((await org.models.SegmentMember.find({ segmentId }, { crmId: 1 }).lean()).map((m) => m.crmId));
        if (!sameSet(stored, expected)) throw new Error(`refresh found ${stored.size} members, the hand-written query ${expected.size}`);
        return r.seconds;
      };
      const first = await refresh();
      ctx.log(`first refresh (stores ${expected.size} members): ${first.toFixed(2)} s`);
      const refreshTimes: number[] = [];
      for (let i = 0; i < ctx.repeats; i++) refreshTimes.push(await refresh());
      ctx.log(`refresh: median ${median(refreshTimes).toFixed(2)} s`);

      const previewTimes: number[] = [];
      for (let i = 0; i < ctx.repeats; i++) {
        const r = await timed(async () => {
          const { list: stored, catalog, query } = await prepareSegmentQuery(segmentDeps, { listId: list.listId, query: SEGMENT_QUERY }, 'body');
          return previewSegment(org.models, { listId: String(stored._id), connectionId: String(stored.connectionId), catalog, query }, { segmentId });
        });
        if (r.value.count !== expected.size || (r.value.changes && r.value.changes.added + r.value.changes.removed !== 0)) throw new Error(`preview: ${JSON.stringify(r.value)}`);
        previewTimes.push(r.seconds);
      }
      ctx.log(`preview: median ${median(previewTimes).toFixed(2)} s`);

      const info = { members: String(list.members), segment: String(expected.size) };
      const rows: BenchRow[] = [
        { scenario: SCENARIO, variant: 'hand-written query', metrics: { seconds: handTimes }, info: { ...info, note: 'narrow finds, joined in memory' } },
        { scenario: SCENARIO, variant: 'refresh (segmentRefresh workflow), first', metrics: { seconds: [first] }, info: { ...info, note: 'stores every member' } },
        { scenario: SCENARIO, variant: 'refresh (segmentRefresh workflow)', metrics: { seconds: refreshTimes }, info: { ...info, note: 'steady state: nothing joins or leaves' } },
        { scenario: SCENARIO, variant: 'preview (POST /api/v1/segments/preview path)', metrics: { seconds: previewTimes }, info: { ...info, note: 'count, sample and changes against the stored segment' } },
      ];
      const refreshRatio = median(refreshTimes) / median(handTimes);
      const previewRatio = median(previewTimes) / median(handTimes);
      return {
        rows,
        targets: [
          { scenario: SCENARIO, description: 'segment refresh within 1.5 × the hand-written query', measured: `${refreshRatio.toFixed(2)} × hand-written (first refresh ${(first / median(handTimes)).toFixed(2)} ×)`, met: refreshRatio <= 1.5 },
          { scenario: SCENARIO, description: 'segment preview within 1.5 × the hand-written query', measured: `${previewRatio.toFixed(2)} × hand-written`, met: previewRatio <= 1.5 },
        ],
        notes: [`${list.members} list members, ${expected.size} in the segment; refresh, preview and hand-written query return the same members.`],
      };
    } finally {
      await org.close();
    }
  },
};
