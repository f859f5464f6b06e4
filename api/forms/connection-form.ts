import type { z } from 'zod';

/** Flat HTML form fields → the nested input the API takes; empty secret fields mean "keep the stored one". */
export function connectionFormToInput(body: Record<string, unknown>): unknown {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const authType = text('authType');
  const auth =
    authType === 'client_credentials'
      ? { type: 'client_credentials', clientId: text('clientId'), clientSecret: text('clientSecret') || undefined }
      : { type: 'password', username: text('username'), password: text('password') || undefined, securityToken: text('securityToken') || undefined };
  return { name: text('name'), loginUrl: text('loginUrl'), auth };
}

/** zod issues keyed by the form field they belong to, for inline messages. */
export function formErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path[0] === 'auth' ? String(issue.path[1] ?? 'authType') : String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
