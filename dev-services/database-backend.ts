/** Which storage the embedded FerretDB uses; read by the dev services only (production sets MONGODB_URI). */
export type DatabaseBackend = 'postgresql' | 'sqlite';

export const DATABASE_BACKEND_SETTING = 'CRM_SYNC_DB_BACKEND';
const BACKENDS: readonly DatabaseBackend[] = ['postgresql', 'sqlite'];

/**
 * PostgreSQL is the default: FerretDB v1's SQLite backend answers only `_id` equality from an
 * index, so every other filter decodes the whole collection; its PostgreSQL backend uses the
 * indexes the models declare. SQLite stays selectable for machines without PostgreSQL.
 */
export function databaseBackend(env: NodeJS.ProcessEnv = process.env): DatabaseBackend {
  const value = env[DATABASE_BACKEND_SETTING]?.trim();
  if (!value) return 'postgresql';
  if ((BACKENDS as readonly string[]).includes(value)) return value as DatabaseBackend;
  throw new Error(`${DATABASE_BACKEND_SETTING} must be one of ${BACKENDS.join(', ')}; got ${JSON.stringify(value)}`);
}
