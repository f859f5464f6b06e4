/**
 * The program page's form: name, list, the steps as JSON (the steps editor) and the schedule
 * fields, read into the same body the JSON API takes, so one validation serves both.
 */
export interface ProgramForm {
  name: string;
  listId: string;
  stepsJson: string;
  scheduleMode: string;
  scheduleAt: string;
  scheduleMinute: string;
  scheduleEveryMinutes: string;
  scheduleTimeZone: string;
}

export const STEPS_EXAMPLE = JSON.stringify(
  [
    { kind: 'change_field', field: 'behaviorScore', set: { kind: 'behavior_score' } },
    { kind: 'change_field', field: 'customerTier', set: { kind: 'constant', value: 'Gold' }, when: { all: [{ object: 'Marketing', field: 'behaviorScore', op: 'gte', value: 80 }] } },
    { kind: 'add_to_list', listId: '<another list id>', when: { all: [{ object: 'Marketing', field: 'email', op: 'is_not_empty' }] } },
  ],
  null,
  2,
);

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function readProgramForm(body: unknown): ProgramForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    name: text(b.name),
    listId: text(b.listId),
    stepsJson: text(b.stepsJson) || '[]',
    scheduleMode: text(b.scheduleMode) || 'off',
    scheduleAt: text(b.scheduleAt),
    scheduleMinute: text(b.scheduleMinute),
    scheduleEveryMinutes: text(b.scheduleEveryMinutes),
    scheduleTimeZone: text(b.scheduleTimeZone) || 'UTC',
  };
}

/** The API body for the form; steps that are not JSON are reported at `stepsJson`. */
export function programBodyOf(form: ProgramForm): { body: Record<string, unknown>; problems: { path: string; message: string }[] } {
  let steps: unknown;
  try {
    steps = JSON.parse(form.stepsJson);
  } catch (err) {
    return { body: {}, problems: [{ path: 'stepsJson', message: `the steps are not valid JSON: ${(err as Error).message}` }] };
  }
  const mode = form.scheduleMode;
  const schedule =
    mode === 'off'
      ? null
      : { mode, timeZone: form.scheduleTimeZone, ...(mode === 'daily' ? { at: form.scheduleAt } : mode === 'hourly' ? { minute: form.scheduleMinute } : mode === 'every' ? { everyMinutes: form.scheduleEveryMinutes } : {}) };
  return { body: { listId: form.listId, name: form.name, steps, schedule }, problems: [] };
}

/** The form of a stored program (for editing). */
export function programFormOf(program: { name: string; listId: string; steps: unknown[]; schedule: unknown }): ProgramForm {
  const s = (program.schedule ?? {}) as Record<string, unknown>;
  return {
    name: program.name,
    listId: program.listId,
    stepsJson: JSON.stringify(program.steps.map((step) => { const { description: _d, ...rest } = step as Record<string, unknown>; return rest; }), null, 2),
    scheduleMode: typeof s.mode === 'string' ? s.mode : 'off',
    scheduleAt: typeof s.at === 'string' ? s.at : '',
    scheduleMinute: s.minute === undefined ? '' : String(s.minute),
    scheduleEveryMinutes: s.everyMinutes === undefined ? '' : String(s.everyMinutes),
    scheduleTimeZone: typeof s.timeZone === 'string' ? s.timeZone : 'UTC',
  };
}
