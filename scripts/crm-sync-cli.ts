/**
 * The ops CLI: `npm run cli -- <command>`. Talks to a running app's JSON API with an API token, so
 * it needs no database or Temporal access of its own and is held to the same roles as the UI.
 */
import { main } from './cli/main';
import type { CliOutput } from './cli/run-command';

const io: CliOutput = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
main(process.argv.slice(2), process.env, io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
