import type { z, ZodTypeAny } from 'zod';

/**
 * The API answered with a body its published schema does not describe: the CLI and the app disagree
 * on the contract (usually different versions). Named by field, so the report says what changed.
 */
export class AnswerMismatchError extends Error {}

/** The body as the schema types it, or an AnswerMismatchError listing each field that differs. */
export function readAnswer<S extends ZodTypeAny>(schema: S, body: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data as z.infer<S>;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new AnswerMismatchError(`the answer to ${what} does not match the API's schema (is the CLI the app's version?): ${fields.join('; ')}`);
}
