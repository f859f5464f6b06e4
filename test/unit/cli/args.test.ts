import { helpText, parseArgs, VERBS } from '../../../scripts/cli/args';

const ok = (argv: string[]) => {
  const parsed = parseArgs(argv);
  if (!parsed.ok) throw new Error(`expected ${argv.join(' ')} to parse, got: ${parsed.message}`);
  return parsed;
};
const refused = (argv: string[]) => {
  const parsed = parseArgs(argv);
  if (parsed.ok) throw new Error(`expected ${argv.join(' ')} to be refused`);
  return parsed.message;
};

describe('ops CLI arguments', () => {
  it('no command, help, --help and -h all ask for help', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) expect(ok(argv).command).toEqual({ verb: 'help' });
  });

  it('sync takes a connection id and --full', () => {
    expect(ok(['sync', 'c1']).command).toEqual({ verb: 'sync', connectionId: 'c1', full: false });
    expect(ok(['sync', 'c1', '--full']).command).toEqual({ verb: 'sync', connectionId: 'c1', full: true });
    expect(ok(['sync', '--full', 'c1']).command).toEqual({ verb: 'sync', connectionId: 'c1', full: true });
  });

  it('list-sync, show and cancel take one id', () => {
    expect(ok(['list-sync', 'l1']).command).toEqual({ verb: 'list-sync', listId: 'l1' });
    expect(ok(['show', 'r1']).command).toEqual({ verb: 'show', runId: 'r1' });
    expect(ok(['cancel', 'r1']).command).toEqual({ verb: 'cancel', runId: 'r1' });
  });

  it('retry takes a run id and --full for a full re-run', () => {
    expect(ok(['retry', 'r1']).command).toEqual({ verb: 'retry', runId: 'r1', full: false });
    expect(ok(['retry', 'r1', '--full']).command).toEqual({ verb: 'retry', runId: 'r1', full: true });
  });

  it('runs maps its options to the API filters, in either --name value or --name=value form', () => {
    const parsed = ok(['runs', '--status', 'running,queued', '--kind=list-sync', '--connection', 'c1', '--list', 'l1', '--limit', '5', '--trigger', 'retry', '--from', '2024-05-01', '--to=2024-05-02']);
    expect(parsed.command).toEqual({
      verb: 'runs',
      filters: { status: 'running,queued', kind: 'list-sync', connectionId: 'c1', listId: 'l1', limit: 5, trigger: 'retry', from: '2024-05-01', to: '2024-05-02' },
    });
    expect(ok(['runs']).command).toEqual({ verb: 'runs', filters: {} });
  });

  it('--json anywhere asks for machine output', () => {
    expect(ok(['runs', '--json']).json).toBe(true);
    expect(ok(['--json', 'show', 'r1'])).toEqual({ ok: true, json: true, command: { verb: 'show', runId: 'r1' } });
    expect(ok(['show', 'r1']).json).toBe(false);
  });

  it('schedule sends only the settings given, under the API names', () => {
    expect(ok(['schedule', 'l1', 'daily', '--at', '06:30', '--tz', 'Europe/Paris', '--overlap', 'buffer-one', '--paused']).command).toEqual({
      verb: 'schedule',
      listId: 'l1',
      settings: { mode: 'daily', at: '06:30', timeZone: 'Europe/Paris', overlap: 'buffer-one', paused: true },
    });
    expect(ok(['schedule', 'l1', 'every', '--every', '30']).command).toEqual({ verb: 'schedule', listId: 'l1', settings: { mode: 'every', everyMinutes: 30 } });
    expect(ok(['schedule', 'l1', 'hourly', '--minute', '0']).command).toEqual({ verb: 'schedule', listId: 'l1', settings: { mode: 'hourly', minute: 0 } });
  });

  it('an unknown command is refused, pointing at help', () => {
    expect(refused(['synk', 'c1'])).toMatch(/unknown command 'synk'.*help/);
  });

  it('a missing or extra argument is refused by name, with the usage', () => {
    expect(refused(['sync'])).toMatch(/missing <connectionId>\nusage: crm-sync sync <connectionId> \[--full\]/);
    expect(refused(['schedule', 'l1'])).toContain('missing <mode>');
    expect(refused(['show', 'r1', 'r2'])).toContain("unexpected argument 'r2'");
  });

  it('an unknown option, a flag with a value or an option without one is refused by name', () => {
    expect(refused(['cancel', 'r1', '--force'])).toContain('unknown option --force for cancel');
    expect(refused(['sync', 'c1', '--full=yes'])).toContain('--full takes no value');
    expect(refused(['runs', '--status'])).toContain('--status needs a value');
    expect(refused(['runs', '--status', '--kind', 'x'])).toContain('--status needs a value');
  });

  it('whole-number options are checked before anything is sent', () => {
    expect(refused(['runs', '--limit', 'ten'])).toContain("--limit must be a whole number, not 'ten'");
    expect(refused(['runs', '--limit', '0'])).toContain('--limit must be from 1 to 200');
    expect(refused(['runs', '--limit', '500'])).toContain('--limit must be from 1 to 200');
    expect(refused(['schedule', 'l1', 'every', '--every', '-5'])).toContain("--every must be a whole number, not '-5'");
    expect(refused(['schedule', 'l1', 'every', '--every', '1.5'])).toContain('--every must be a whole number');
  });

  it('help lists every command', () => {
    const text = helpText();
    for (const verb of Object.keys(VERBS)) expect(text).toContain(`crm-sync ${verb}`);
    expect(text).toContain('CRM_SYNC_TOKEN');
  });
});
