/**
 * The contract between the benchmark runner (bench/run.ts) and its scenarios
 * (bench/scenarios/*.ts, each exporting `scenario: BenchScenario`). The runner starts the shared
 * servers (Temporal dev server, FerretDB) once, runs each scenario, prints one table and writes
 * one JSON file (bench/results/latest.json) with every figure: each repeat's value, the median
 * and the spread (min..max).
 */

/** How big a run is: `full` is the issue's sizes (1,000,000 records, 100,000 scores, 200,000 members); `smoke` a few thousand, for the test suite. */
export type BenchSize = 'full' | 'smoke';

export interface BenchServices {
  temporalAddress: string;
  /** A MongoDB URI without a database; scenarios append their own database name. */
  mongoServerUri: string;
  /** The workflow bundle built once per run (pass as workflowBundlePath to createWorker). */
  workflowBundlePath: string;
  /** A scratch folder for this run (logs, worker output). */
  runDir: string;
}

export interface BenchContext {
  size: BenchSize;
  /** How many times each measured variant runs (the median is reported). */
  repeats: number;
  services: BenchServices;
  log(line: string): void;
}

/**
 * One row of the table: one variant of one scenario (e.g. "full sync / crm-sync", "full sync /
 * naive"). `metrics` holds one value per repeat, keyed by metric name with its unit in the name
 * (e.g. `seconds`, `records_per_second`, `api_calls`, `peak_rss_mb`, `history_events`).
 * `info` holds what is not a number: which path ran ("bulk-2.0 query" / "rest query"), notes.
 */
export interface BenchRow {
  scenario: string;
  variant: string;
  metrics: Record<string, number[]>;
  info?: Record<string, string>;
}

/** A target from the issue, checked against the run's medians: shown in the table as met or not. */
export interface BenchTarget {
  scenario: string;
  description: string;
  /** e.g. "12.4 × naive" */
  measured: string;
  met: boolean;
}

export interface ScenarioResult {
  rows: BenchRow[];
  targets: BenchTarget[];
  notes?: string[];
}

export interface BenchScenario {
  /** Short, file-name-like id: `full-sync`, `incremental-sync`, `score-push`, `segment-refresh`, `program`. */
  id: string;
  title: string;
  /** Order in the table (lower first). */
  order: number;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
