import fs from 'node:fs';
import path from 'node:path';

/**
 * The reliability suite runs in two sizes: `fast` (the default, part of `npm test`) with small
 * counts, and `long` (`npm run test:reliability`) with the counts. Every loop is bounded in
 * count and in time in both.
 */
export type ReliabilityProfile = 'fast' | 'long';

export const RELIABILITY_PROFILE: ReliabilityProfile = process.env.RELIABILITY_PROFILE === 'long' ? 'long' : 'fast';

export function byProfile<T>(sizes: Record<ReliabilityProfile, T>): T {
  return sizes[RELIABILITY_PROFILE];
}

export const FIGURES_DIR = path.resolve(__dirname, '../../../../test-artifacts/reliability');

/** Where a test's figures go: `<name>.json` for the long profile (what RELIABILITY.md cites), `<name>.fast.json` otherwise. */
export function figuresPath(name: string, profile: ReliabilityProfile = RELIABILITY_PROFILE): string {
  return path.join(FIGURES_DIR, profile === 'long' ? `${name}.json` : `${name}.fast.json`);
}

/** Writes what a test measured, with the profile and the time, for scripts/reliability-report.ts. */
export function writeFigures(name: string, figures: Record<string, unknown>): void {
  fs.mkdirSync(FIGURES_DIR, { recursive: true });
  const document = { name, profile: RELIABILITY_PROFILE, measuredAt: new Date().toISOString(), ...figures };
  fs.writeFileSync(figuresPath(name), `${JSON.stringify(document, null, 2)}\n`);
}

/** Milliseconds since `startedAt`, as seconds with one decimal. */
export function secondsSince(startedAt: number): number {
  return Math.round((Date.now() - startedAt) / 100) / 10;
}
