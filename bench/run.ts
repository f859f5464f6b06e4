/**
 * `npm run bench [-- --size=full|smoke] [--repeats=N] [--only=full-sync,incremental-sync]`
 *
 * Starts a Temporal dev server and FerretDB in a fresh temporary folder, runs every scenario of
 * bench/scenarios in `order`, prints one table with the targets (met / not met), and
 * writes bench/results/latest.json (every figure: each repeat, median, min..max), a timestamped
 * copy, and bench/results/latest.md for the README. Everything it started is stopped at the end,
 * also when a scenario fails or on Ctrl-C.
 */
import path from 'node:path';
import { killAllWorkerProcesses } from '../dev-services/worker-process';
import { loadScenarios } from './lib/discover';
import { buildReport, formatConsoleTable, writeReport, type ScenarioOutcome } from './lib/report';
import type { BenchSize } from './lib/scenario';
import { startBenchServices, type RunningBenchServices } from './lib/services';

interface BenchArgs {
  size: BenchSize;
  repeats: number;
  only: string[];
}

/** Three repeats give a median and a spread; scenarios say when their huge variant runs fewer times. */
const DEFAULT_REPEATS = 3;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { size: 'full', repeats: DEFAULT_REPEATS, only: [] };
  for (const arg of argv) {
    const [name, value = ''] = arg.replace(/^--/, '').split('=', 2);
    if (name === 'size') {
      if (value !== 'full' && value !== 'smoke') throw new Error(`--size must be full or smoke, got ${JSON.stringify(value)}`);
      args.size = value;
    } else if (name === 'repeats') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--repeats must be a whole number of at least 1, got ${JSON.stringify(value)}`);
      args.repeats = n;
    } else if (name === 'only') {
      args.only = value.split(',').map((s) => s.trim()).filter(Boolean);
    } else {
      throw new Error(`unknown argument ${arg}; usage: npm run bench -- [--size=full|smoke] [--repeats=N] [--only=id,…]`);
    }
  }
  return args;
}

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const scenarios = loadScenarios(args.only);
  const startedAt = new Date();
  log(`size ${args.size}, repeats ${args.repeats}, scenarios ${scenarios.map((s) => s.id).join(', ')}`);
  let running: RunningBenchServices | undefined;
  const cleanUp = async () => {
    await killAllWorkerProcesses();
    await running?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping workers and servers`);
      // A signal handler cannot be awaited; the race bounds the clean-up and exit ends the process.
      void Promise.race([cleanUp(), new Promise((r) => setTimeout(r, 10_000))]).finally(() => process.exit(130));
    });
  }
  const outcomes: ScenarioOutcome[] = [];
  try {
    running = await startBenchServices({ log });
    log(`services ready: Temporal ${running.services.temporalAddress}, MongoDB ${running.services.mongoServerUri}`);
    for (const scenario of scenarios) {
      log(`── ${scenario.id}: ${scenario.title}`);
      const started = performance.now();
      try {
        const result = await scenario.run({ size: args.size, repeats: args.repeats, services: running.services, log: (line) => log(`${scenario.id}: ${line}`) });
        outcomes.push({ id: scenario.id, title: scenario.title, seconds: (performance.now() - started) / 1000, result });
      } catch (err) {
        // One failed scenario still leaves the others' figures worth writing down.
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        log(`${scenario.id} failed: ${message}`);
        outcomes.push({ id: scenario.id, title: scenario.title, seconds: (performance.now() - started) / 1000, error: message.split('\n')[0] });
        await killAllWorkerProcesses();
      }
      log(`${scenario.id} took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await cleanUp();
  }
  const report = buildReport({ size: args.size, repeats: args.repeats, startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, outcomes });
  process.stdout.write(`\n${formatConsoleTable(report)}\n\n`);
  const files = writeReport(report, path.resolve(__dirname, 'results'));
  log(`wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
