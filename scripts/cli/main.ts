import { createApiClient } from './api-client';
import { helpText, parseArgs } from './args';
import { runCommand, type CliOutput } from './run-command';

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Exit code 0 on success, 1 when the API refuses or cannot be reached, 2 on a usage error. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`error: ${parsed.message}`);
    return 2;
  }
  if (parsed.command.verb === 'help') {
    io.out(helpText());
    return 0;
  }
  const token = env.CRM_SYNC_TOKEN;
  if (!token) {
    io.err('error: CRM_SYNC_TOKEN is required (an admin creates API tokens in Settings → API tokens)');
    return 2;
  }
  const api = createApiClient(env.CRM_SYNC_URL || DEFAULT_URL, token);
  return runCommand(api, parsed.command, parsed.json, io);
}
