import type { z } from 'zod';
import { ValidationError } from './http-errors';

/** Parses untrusted input with a schema; only the parsed value ever reaches a query. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown, root: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, root);
  return parsed.data;
}
