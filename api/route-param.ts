import type { Request } from 'express';

/** A named path parameter as one string (Express 5 types allow arrays for wildcards). */
export function routeParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}
