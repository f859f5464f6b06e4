/**
 * Finds the scenarios: every bench/scenarios/*.ts exporting `scenario: BenchScenario`, sorted by
 * `order`. Used by bench/run.ts and the smoke test, so both run the same set.
 *
 * API: loadScenarios(only?: string[]) → BenchScenario[] (throws on an unknown id in `only`)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchScenario } from './scenario';

export const SCENARIOS_DIR = path.resolve(__dirname, '..', 'scenarios');

function isScenario(value: unknown): value is BenchScenario {
  const s = value as Partial<BenchScenario> | undefined;
  return typeof s?.id === 'string' && typeof s.run === 'function' && typeof s.order === 'number';
}

export function loadScenarios(only?: readonly string[]): BenchScenario[] {
  const scenarios: BenchScenario[] = [];
  for (const file of fs.readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- scenario files are found at run time, so the import cannot be static
    const exported = (require(path.join(SCENARIOS_DIR, file)) as { scenario?: unknown }).scenario;
    if (isScenario(exported)) scenarios.push(exported);
  }
  scenarios.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  if (!only || only.length === 0) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; the scenarios are ${scenarios.map((s) => s.id).join(', ')}`);
  return scenarios.filter((s) => only.includes(s.id));
}
