/**
 * Command-line arguments of the ops CLI, parsed into one typed command. Pure (no I/O) so every
 * rule is unit-tested; errors name the option or argument that is wrong and show the verb's usage.
 */
export type CliCommand =
  | { verb: 'help' }
  | { verb: 'sync'; connectionId: string; full: boolean }
  | { verb: 'list-sync'; listId: string }
  | { verb: 'runs'; filters: RunFilters }
  | { verb: 'show'; runId: string }
  | { verb: 'retry'; runId: string; full: boolean }
  | { verb: 'cancel'; runId: string }
  | { verb: 'schedule'; listId: string; settings: Record<string, unknown> };

export interface RunFilters {
  status?: string;
  kind?: string;
  trigger?: string;
  connectionId?: string;
  listId?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export type ParsedArgs = { ok: true; command: CliCommand; json: boolean } | { ok: false; message: string };

type OptionKind = 'flag' | 'text' | 'int';

interface VerbSpec {
  positional: string[];
  options: Record<string, OptionKind>;
  summary: string;
}

export const VERBS: Record<Exclude<CliCommand['verb'], 'help'>, VerbSpec> = {
  sync: { positional: ['connectionId'], options: { full: 'flag' }, summary: 'start the CRM Administration sync of a connection (--full: every record)' },
  'list-sync': { positional: ['listId'], options: {}, summary: 'start the sync of a list (pull, then push)' },
  runs: {
    positional: [],
    options: { status: 'text', kind: 'text', trigger: 'text', connection: 'text', list: 'text', from: 'text', to: 'text', limit: 'int' },
    summary: 'list runs, newest first (--status may list several: queued,running)',
  },
  show: { positional: ['runId'], options: {}, summary: 'show a run: status, steps, counts, errors' },
  retry: { positional: ['runId'], options: { full: 'flag' }, summary: 'retry a failed or cancelled run (--full: re-run a full sync)' },
  cancel: { positional: ['runId'], options: {}, summary: 'cancel a queued, running or paused run' },
  schedule: {
    positional: ['listId', 'mode'],
    options: { every: 'int', minute: 'int', at: 'text', tz: 'text', overlap: 'text', paused: 'flag' },
    summary: 'set the schedule of a list: automatic, every (--every N minutes), hourly (--minute M), daily (--at HH:MM) or off',
  },
};

export function usageOf(verb: keyof typeof VERBS): string {
  const spec = VERBS[verb];
  const options = Object.entries(spec.options).map(([name, kind]) => (kind === 'flag' ? `[--${name}]` : `[--${name} ${kind === 'int' ? 'N' : 'value'}]`));
  return ['crm-sync', verb, ...spec.positional.map((p) => `<${p}>`), ...options, '[--json]'].join(' ');
}

export function helpText(): string {
  const lines = (Object.keys(VERBS) as (keyof typeof VERBS)[]).map((verb) => `  ${usageOf(verb)}\n      ${VERBS[verb].summary}`);
  return [
    'crm-sync: operate runs from a terminal or a script, through the JSON API.',
    '',
    'Environment: CRM_SYNC_URL (default http://127.0.0.1:3000), CRM_SYNC_TOKEN (required: an admin creates',
    'API tokens in Settings → API tokens; ops tokens may sync, retry and cancel, schedules need an admin token).',
    '',
    'Commands:',
    ...lines,
    '  crm-sync help',
    '',
    '--json prints the API answer as JSON. The exit code is 0 on success, 1 when the API refuses, 2 on a usage error.',
  ].join('\n');
}

function fail(message: string, verb?: keyof typeof VERBS): ParsedArgs {
  return { ok: false, message: verb ? `${message}\nusage: ${usageOf(verb)}` : message };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const [verbArg, ...tokens] = rest;
  if (!verbArg || verbArg === 'help' || verbArg === '--help' || verbArg === '-h') return { ok: true, command: { verb: 'help' }, json };
  if (!Object.hasOwn(VERBS, verbArg)) return fail(`unknown command '${verbArg}'; run 'crm-sync help' for the list`);
  const verb = verbArg as keyof typeof VERBS;
  const spec = VERBS[verb];
  const positional: string[] = [];
  const options: Record<string, string | number | boolean> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec.options[name];
    if (!kind) return fail(`unknown option --${name} for ${verb}`, verb);
    if (kind === 'flag') {
      if (inline !== undefined) return fail(`--${name} takes no value`, verb);
      options[name] = true;
      continue;
    }
    const value = inline ?? tokens[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) return fail(`--${name} needs a value`, verb);
    if (kind === 'int') {
      if (!/^\d+$/.test(value)) return fail(`--${name} must be a whole number, not '${value}'`, verb);
      options[name] = Number(value);
    } else options[name] = value;
  }
  if (positional.length < spec.positional.length) return fail(`missing <${spec.positional[positional.length]}>`, verb);
  if (positional.length > spec.positional.length) return fail(`unexpected argument '${positional[spec.positional.length]}'`, verb);
  // The API pages at most 200 runs; its own error would name perPage, which the user never typed.
  if (typeof options.limit === 'number' && (options.limit < 1 || options.limit > 200)) return fail('--limit must be from 1 to 200', verb);
  return { ok: true, command: toCommand(verb, positional, options), json };
}

function toCommand(verb: keyof typeof VERBS, args: string[], o: Record<string, string | number | boolean>): CliCommand {
  const [first = '', second = ''] = args;
  const text = (name: string) => (typeof o[name] === 'string' ? (o[name] as string) : undefined);
  const int = (name: string) => (typeof o[name] === 'number' ? (o[name] as number) : undefined);
  switch (verb) {
    case 'sync':
      return { verb, connectionId: first, full: o.full === true };
    case 'list-sync':
      return { verb, listId: first };
    case 'show':
    case 'cancel':
      return { verb, runId: first };
    case 'retry':
      return { verb, runId: first, full: o.full === true };
    case 'runs': {
      const filters: RunFilters = {
        status: text('status'),
        kind: text('kind'),
        trigger: text('trigger'),
        connectionId: text('connection'),
        listId: text('list'),
        from: text('from'),
        to: text('to'),
        limit: int('limit'),
      };
      return { verb, filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as RunFilters };
    }
    case 'schedule': {
      // The API validates the settings and names the field it refuses; only what was given is sent.
      const settings: Record<string, unknown> = {
        mode: second,
        everyMinutes: int('every'),
        minute: int('minute'),
        at: text('at'),
        timeZone: text('tz'),
        overlap: text('overlap'),
        paused: o.paused === true ? true : undefined,
      };
      return { verb, listId: first, settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
    }
  }
}
