/**
 * Turns a run's scenario results into what people read: the console table, the JSON file with
 * every figure (each repeat, median, min..max) and a markdown table for the README.
 *
 * API:
 *   const report = buildReport({ size, repeats, results, startedAt, seconds });
 *   formatConsoleTable(report)  → string
 *   formatMarkdown(report)      → string
 *   writeReport(report, dir)    → paths of latest.json, latest.md and the timestamped copy
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchSize, BenchTarget, ScenarioResult } from './scenario';
import { summarize, type Summary } from './stats';

export interface ReportedRow {
  scenario: string;
  variant: string;
  metrics: Record<string, Summary>;
  info: Record<string, string>;
}

export interface BenchReport {
  date: string;
  seconds: number;
  size: BenchSize;
  repeats: number;
  machine: { cpus: number; cpuModel: string; totalMemoryMb: number; node: string; platform: string };
  scenarios: { id: string; title: string; seconds: number; error?: string; notes: string[] }[];
  rows: ReportedRow[];
  targets: BenchTarget[];
}

export interface ScenarioOutcome {
  id: string;
  title: string;
  seconds: number;
  result?: ScenarioResult;
  error?: string;
}

export function buildReport(input: { size: BenchSize; repeats: number; startedAt: Date; seconds: number; outcomes: ScenarioOutcome[] }): BenchReport {
  const cpus = os.cpus();
  return {
    date: input.startedAt.toISOString(),
    seconds: input.seconds,
    size: input.size,
    repeats: input.repeats,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    scenarios: input.outcomes.map((o) => ({ id: o.id, title: o.title, seconds: o.seconds, error: o.error, notes: o.result?.notes ?? [] })),
    rows: input.outcomes.flatMap((o) =>
      (o.result?.rows ?? []).map((row) => ({
        scenario: row.scenario,
        variant: row.variant,
        metrics: Object.fromEntries(Object.entries(row.metrics).map(([name, values]) => [name, summarize(values)])),
        info: row.info ?? {},
      })),
    ),
    targets: input.outcomes.flatMap((o) => o.result?.targets ?? []),
  };
}

/** 3 significant figures for small numbers, thousands separators for large ones. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(Math.abs(value) >= 1 ? 2 : 3);
}

function formatSummary(s: Summary): string {
  if (s.values.length <= 1 || s.min === s.max) return formatNumber(s.median);
  return `${formatNumber(s.median)} (${formatNumber(s.min)}..${formatNumber(s.max)})`;
}

function metricCells(row: ReportedRow): string {
  return Object.entries(row.metrics)
    .map(([name, summary]) => `${name}=${formatSummary(summary)}`)
    .join(', ');
}

function infoCells(row: ReportedRow): string {
  return Object.entries(row.info)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function formatConsoleTable(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`crm-sync benchmark — ${report.date}, size ${report.size}, repeats ${report.repeats}, ${report.seconds.toFixed(0)} s`);
  lines.push(`machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.totalMemoryMb} MB, node ${report.machine.node}`);
  lines.push('');
  const scenarioWidth = Math.max(8, ...report.rows.map((r) => r.scenario.length));
  const variantWidth = Math.max(7, ...report.rows.map((r) => r.variant.length));
  lines.push(`${pad('scenario', scenarioWidth)}  ${pad('variant', variantWidth)}  median (min..max)`);
  for (const row of report.rows) {
    lines.push(`${pad(row.scenario, scenarioWidth)}  ${pad(row.variant, variantWidth)}  ${metricCells(row)}`);
    const info = infoCells(row);
    if (info) lines.push(`${pad('', scenarioWidth)}  ${pad('', variantWidth)}  ${info}`);
  }
  lines.push('');
  lines.push('targets:');
  for (const t of report.targets) lines.push(`  [${t.met ? 'met' : 'NOT MET'}] ${t.scenario}: ${t.description} — measured ${t.measured}`);
  for (const s of report.scenarios) {
    if (s.error) lines.push(`  [FAILED] ${s.id}: ${s.error}`);
    for (const note of s.notes) lines.push(`  note (${s.id}): ${note}`);
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function formatMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`Benchmark of ${report.date.slice(0, 10)}: size \`${report.size}\`, ${report.repeats} repeats, ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.totalMemoryMb} MB, node ${report.machine.node}; whole run ${(report.seconds / 60).toFixed(1)} min. Figures are medians, (min..max) over the repeats.`);
  lines.push('');
  lines.push('| Scenario | Variant | Figures | Notes |');
  lines.push('|---|---|---|---|');
  for (const row of report.rows) lines.push(`| ${escapeCell(row.scenario)} | ${escapeCell(row.variant)} | ${escapeCell(metricCells(row))} | ${escapeCell(infoCells(row))} |`);
  lines.push('');
  lines.push('| Target | Measured | Met |');
  lines.push('|---|---|---|');
  for (const t of report.targets) lines.push(`| ${escapeCell(`${t.scenario}: ${t.description}`)} | ${escapeCell(t.measured)} | ${t.met ? 'yes' : '**no**'} |`);
  const notes = report.scenarios.flatMap((s) => [...(s.error ? [`${s.id} failed: ${s.error}`] : []), ...s.notes.map((n) => `${s.id}: ${n}`)]);
  if (notes.length > 0) {
    lines.push('');
    for (const note of notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeReport(report: BenchReport, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const files = [path.join(dir, 'latest.json'), path.join(dir, `${stamp}-${report.size}.json`), path.join(dir, 'latest.md')];
  fs.writeFileSync(files[0], json);
  fs.writeFileSync(files[1], json);
  fs.writeFileSync(files[2], formatMarkdown(report));
  return files;
}
