import path from 'node:path';
import { repoRoot } from './paths';

/**
 * The SQL that gives FerretDB's btree indexes GIN twins its `@>` filters can use (see the file for
 * why). A source file, not compiled: found in the checkout also when running from dist/.
 */
export const GIN_TWINS_SQL = path.join(repoRoot(), 'dev-services', 'postgres-gin-indexes.sql');
