import type { Response } from 'supertest';

/** Sends `n` requests at once (all created before any is awaited) and returns every answer. */
export async function burst(n: number, send: (i: number) => PromiseLike<Response>): Promise<Response[]> {
  const pending = Array.from({ length: n }, (_, i) => Promise.resolve(send(i)));
  return Promise.all(pending);
}

/** The mapping's comparable content, whatever key order or defaults the store adds. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(value));
}
