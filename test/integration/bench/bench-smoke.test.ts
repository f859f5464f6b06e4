import { loadScenarios } from '../../../bench/lib/discover';
import type { BenchContext, ScenarioResult } from '../../../bench/lib/scenario';
import { killAllWorkerProcesses } from '../../../dev-services/worker-process';
import { harnessValue } from '../../harness/harness-env';

/**
 * Every benchmark scenario at its smoke size, once, against the test run's servers: the benchmark
 * code cannot rot unnoticed. Figures are only checked where they cannot be noisy (counts, finite
 * numbers, invariants); speed targets are the full benchmark's business (npm run bench).
 */
describe('benchmark scenarios at smoke size', () => {
  const scenarios = loadScenarios();
  const results = new Map<string, ScenarioResult>();
  const ctx = (): BenchContext => ({
    size: 'smoke',
    repeats: 1,
    services: {
      temporalAddress: harnessValue('temporalAddress'),
      mongoServerUri: harnessValue('mongoServerUri'),
      workflowBundlePath: harnessValue('workflowBundle'),
      runDir: harnessValue('runDir'),
    },
    log: () => undefined,
  });
  afterAll(() => killAllWorkerProcesses());

  it('finds the scenarios of bench/scenarios', () => {
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['admin-sync']));
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s runs and reports finite figures for every row', async (_id, scenario) => {
    const result = await scenario.run(ctx());
    results.set(scenario.id, result);
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) {
      const values = Object.entries(row.metrics).flatMap(([metric, v]) => v.map((value) => ({ row: `${row.scenario} / ${row.variant}`, metric, value })));
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect({ ...v, finite: Number.isFinite(v.value) }).toEqual({ ...v, finite: true });
    }
    for (const target of result.targets) expect(typeof target.met).toBe('boolean');
  });

  it('admin-sync: the full sync fetched the whole org, history stays small, incremental syncs read little', () => {
    const result = results.get('admin-sync');
    if (!result) throw new Error('admin-sync did not run');
    const row = (scenario: string, variant: string) => {
      const found = result.rows.find((r) => r.scenario === scenario && r.variant === variant);
      if (!found) throw new Error(`no row ${scenario} / ${variant}`);
      return found;
    };
    const full = row('1 full sync', 'crm-sync');
    const readOnly = row('1 full sync', 'limit: read only (rest)');
    const bulkRead = row('1 full sync', 'limit: read only (bulk)');
    expect(full.metrics.records_fetched[0]).toBeGreaterThan(2_000);
    expect(full.metrics.history_events_max_per_run[0]).toBeLessThan(2_000);
    // Same org, same REST pages: the limit reads with as many calls as crm-sync's pulls make.
    expect(readOnly.metrics.api_calls[0]).toBeLessThanOrEqual(full.metrics.api_calls[0]);
    expect(full.info?.['read path']).toMatch(/rest|bulk/);
    // One job per object: create, poll, results; far fewer calls than one query per 2,000 records would be at scale.
    expect(bulkRead.metrics.records_per_second[0]).toBeGreaterThan(0);
    const small = row('2 incremental sync', '0.1 % changed');
    const larger = row('2 incremental sync', '1 % changed');
    expect(small.metrics.records_fetched[0]).toBeLessThan(full.metrics.records_fetched[0] / 10);
    expect(larger.metrics.records_fetched[0]).toBeGreaterThan(small.metrics.records_fetched[0]);
    expect(row('1 full sync', 'naive (sample)').metrics.records_sampled[0]).toBeGreaterThan(0);
  });

  it('admin-sync: the full and incremental syncs ran against every CRM emulator at the same people count, one row per CRM', () => {
    const result = results.get('admin-sync');
    if (!result) throw new Error('admin-sync did not run');
    const byCrm = result.rows.filter((r) => r.scenario === '3 by CRM (same people)');
    expect(byCrm.map((r) => r.variant)).toEqual(['Salesforce', 'Dynamics 365', 'SugarCRM']);
    for (const row of byCrm) {
      expect(row.metrics.full_records_per_second[0]).toBeGreaterThan(0);
      expect(row.metrics['incremental_0.1pct_records_fetched'][0]).toBeLessThan(row.metrics.records[0] / 10);
    }
    // The Salesforce row is scenario 1's own measurement, not a second sync.
    const full = result.rows.find((r) => r.scenario === '1 full sync' && r.variant === 'crm-sync');
    expect(byCrm[0].metrics.full_seconds).toEqual(full?.metrics.seconds);
  });
});
