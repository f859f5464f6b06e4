import fs from 'node:fs';
import path from 'node:path';

/** views/ sits at the repository root; after `npm run build` this file runs from dist/api. */
export function viewsDir(): string {
  const candidates = [path.join(__dirname, '..', 'views'), path.join(__dirname, '..', '..', 'views')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'partials')));
  if (!found) throw new Error(`views/ not found near ${__dirname}`);
  return found;
}
