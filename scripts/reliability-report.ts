import fs from 'node:fs';
import path from 'node:path';

/**
 * Renders the figures the reliability tests wrote to test-artifacts/reliability/ as markdown
 * tables, for RELIABILITY.md:
 *
 *   node scripts/run-ts.js scripts/reliability-report.ts          # the long profile's figures
 *   node scripts/run-ts.js scripts/reliability-report.ts --fast   # the fast (npm test) profile's
 */
const FIGURES_DIR = path.resolve(__dirname, '../test-artifacts/reliability');
type Figures = Record<string, any>;

function readFigures(fast: boolean): Map<string, Figures> {
  const out = new Map<string, Figures>();
  if (!fs.existsSync(FIGURES_DIR)) return out;
  for (const file of fs.readdirSync(FIGURES_DIR).sort()) {
    if (!file.endsWith('.json') || file.endsWith('.fast.json') !== fast) continue;
    const figures = JSON.parse(fs.readFileSync(path.join(FIGURES_DIR, file), 'utf8')) as Figures;
    out.set(figures.name as string, figures);
  }
  return out;
}

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const orgSize = (org: Record<string, number> | undefined) =>
  org?.people !== undefined ? `about ${org.people} people (the emulator's generated org)` : org ? `${(org.leads ?? 0) + (org.contacts ?? 0)} people (${org.contacts} contacts, ${org.leads} leads), ${org.accounts} accounts, ${org.opportunities} opportunities` : '—';
const measured = (f: Figures) => `${f.measuredAt?.slice(0, 16).replace('T', ' ')} UTC`;

/** The CRM a round ran against, for tests that run once per CRM (figures before then name none: Salesforce). */
const crmOf = (f: Figures) => `, ${typeof f.crm === 'string' ? f.crm : 'Salesforce'}`;

function crashRecovery(f: Figures): string {
  const rounds = f.rounds as { round: number; mode: string; target?: string; killAfterMs: number; phase: string; recoverySeconds: number; writes: number }[];
  return [
    `### Crash recovery (SIGKILL of the worker)${crmOf(f)} — ${measured(f)}`,
    '',
    table(
      ['org', 'kills mid-run', 'rounds run', 'records changed per round', 'duplicate writes', 'baseline pipeline', 'slowest recovery', 'total'],
      [[orgSize(f.org), `${f.killsMidRun} of ${f.kills} asked`, f.roundsRun, f.changedRecordsPerRound, f.duplicateWrites, `${f.baselinePipelineSeconds} s`, `${f.maxRecoverySeconds} s`, `${f.totalSeconds} s`]],
    ),
    '',
    `Phases the kills hit: ${(f.phasesHit as string[]).map((p) => `\`${p}\``).join(', ')}.`,
    ...(f.killsByTarget ? ['', `Kills by aim: ${Object.entries(f.killsByTarget as Record<string, number>).map(([t, n]) => `${t} ${n}`).join(', ')}.`] : []),
    '',
    table(['round', 'mode', 'aimed at', 'killed after', 'phase at the kill', 'kill → pipeline done', 'CRM writes'], rounds.map((r) => [r.round, r.mode, r.target ?? 'random moment', `${(r.killAfterMs / 1000).toFixed(1)} s`, r.phase, `${r.recoverySeconds} s`, r.writes])),
  ].join('\n');
}

function serverRestarts(f: Figures): string {
  const rounds = f.rounds as { round: number; temporalRestartAt: string; databaseRestartAt: string; pipelineSeconds: number; connectionReopens?: number }[];
  return [
    `### Server restarts (Temporal dev server and FerretDB, each down ${f.downForMs / 1000} s) — ${measured(f)}`,
    '',
    `Org: ${orgSize(f.org)}; every CRM call slowed by ${f.callLatencyMs} ms.`,
    '',
    table(['round', 'Temporal restarted during', 'FerretDB restarted during', 'pipeline', 'worker reopened its database connection'], rounds.map((r) => [r.round, r.temporalRestartAt, r.databaseRestartAt, `${r.pipelineSeconds} s`, r.connectionReopens ?? '—'])),
  ].join('\n');
}

function twoWorkers(f: Figures): string {
  const rounds = f.rounds as { round: number; workersBeforeKill: number; survivorActivities: number; killedActivities: number; pipelineSeconds: number }[];
  return [
    `### Two workers on one task queue, one killed mid-run — ${measured(f)}`,
    '',
    `Org: ${orgSize(f.org)}.`,
    '',
    table(
      ['round', 'workers with activities before the kill', 'activities run by the killed worker', 'by the survivor', 'pipeline'],
      rounds.map((r) => [r.round, r.workersBeforeKill, r.killedActivities, r.survivorActivities, `${r.pipelineSeconds} s`]),
    ),
  ].join('\n');
}

function crmFaults(f: Figures): string {
  const runs = f.runs as { ratePercent: number; status: string; seconds: number; apiCalls: number; injected: Record<string, number>; changedRecords: number; writes: number }[];
  return [
    `### CRM faults${crmOf(f)} — ${measured(f)}`,
    '',
    `Org: ${orgSize(f.org)}; kinds: ${(f.kinds as string[]).join(', ')}.`,
    '',
    table(
      ['faulty requests', 'pipeline', 'duration', 'API calls', 'faults injected', 'records changed', 'CRM writes'],
      runs.map((r) => [
        `${r.ratePercent} %`,
        r.status,
        `${r.seconds} s`,
        r.apiCalls,
        Object.entries(r.injected).map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
        r.changedRecords,
        r.writes,
      ]),
    ),
  ].join('\n');
}

function loadRows(f: Figures): [string, Figures][] {
  return [['all', f.overall], ...Object.entries(f.byEndpoint as Record<string, Figures>)] as [string, Figures][];
}

function load(f: Figures): string {
  const sections = [
    `### Load: ${f.clients} concurrent API clients for ${f.seconds} s — ${measured(f)}`,
    '',
    `Member export: a CSV of ${f.listMembers} members per request. Previews and exports run ${f.heavyReadsAtOnce ?? 'any number'} at once. Throughput: ${f.overall.requestsPerSecond} requests/s.`,
    '',
    table(
      ['endpoint', 'alone', 'requests', 'errors', 'error rate', 'p50', 'p99', 'max'],
      loadRows(f).map(([name, s]) => [name, f.aloneMs?.[name] !== undefined ? `${f.aloneMs[name]} ms` : '', s.requests, s.errors, `${s.errorRatePercent} %`, `${s.p50Ms} ms`, `${s.p99Ms} ms`, `${s.maxMs} ms`]),
    ),
  ];
  const without = f.withoutLimit as Figures | undefined;
  if (without) {
    const other = new Map(loadRows(without));
    sections.push(
      '',
      `Side by side in the same run: right after, the same crowd for the same time on a second app over the same database and worker, letting ${without.heavyReadsAtOnce} previews and exports run at once (no limit in effect). Throughput: ${without.overall.requestsPerSecond} requests/s.`,
      '',
      table(
        ['endpoint', `errors (${f.heavyReadsAtOnce} at once / no limit)`, 'p50', 'p99', 'max'],
        loadRows(f).map(([name, s]) => {
          const o = other.get(name);
          const pair = (key: string, unit = ' ms') => `${s[key]}${unit} / ${o ? `${o[key]}${unit}` : '—'}`;
          return [name, `${s.errors} of ${s.requests} / ${o ? `${o.errors} of ${o.requests}` : '—'}`, pair('p50Ms'), pair('p99Ms'), pair('maxMs')];
        }),
      ),
    );
  }
  return sections.join('\n');
}

function bulkPushCrash(f: Figures): string {
  return [
    `### Worker killed during a Bulk API push — ${measured(f)}`,
    '',
    table(
      ['records in the job', 'written when the worker was killed', 'bulk jobs created', 'duplicate writes', 'total'],
      [[f.contactsPushed, f.writtenAtKill, f.bulkJobs, 0, `${f.seconds} s`]],
    ),
  ].join('\n');
}

const RENDERERS: Record<string, (f: Figures) => string> = {
  'crash-recovery': crashRecovery,
  'server-restarts': serverRestarts,
  'two-workers': twoWorkers,
  'crm-faults': crmFaults,
  'bulk-push-crash': bulkPushCrash,
  load,
};

function main(): void {
  const fast = process.argv.includes('--fast');
  const figures = readFigures(fast);
  if (figures.size === 0) {
    console.error(`no ${fast ? 'fast' : 'long'} figures in ${FIGURES_DIR}: run ${fast ? 'npm test' : 'npm run test:reliability'} first`);
    process.exit(1);
  }
  // A test run once per CRM writes `<name>` for Salesforce and `<name>-<crm>` for the others.
  const sections = Object.entries(RENDERERS).flatMap(([name, render]) =>
    [...figures.keys()]
      .filter((file) => file === name || file.startsWith(`${name}-`))
      .sort()
      .map((file) => render(figures.get(file) as Figures)),
  );
  process.stdout.write(`${sections.join('\n\n')}\n`);
}

main();
