/**
 * The list forms post flat fields; these turn them into the JSON API's shapes so both go through
 * the same schemas and the same checks.
 */
type Form = Record<string, unknown>;

const checked = (v: unknown) => v === 'on' || v === 'true' || v === '1';
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function newListFormToInput(form: Form) {
  const kind = text(form.sourceKind);
  // Every other kind is the filter source (or a CRM's older name for it, which the schema reads as one).
  const source =
    kind === 'campaign'
      ? { kind, campaignId: text(form.campaignId) }
      : kind === 'all_leads' || kind === 'all_contacts' || kind === ''
        ? { kind }
        : { kind, object: text(form.object) || 'Lead', where: text(form.where) };
  return { connectionId: text(form.connectionId), name: text(form.name), source, fields: many(form.fields) };
}

export function syncSettingsFormToInput(form: Form) {
  const minutes = Number(text(form.freshnessMinutes));
  const threshold = Number(text(form.bulkThreshold));
  return {
    pull: { add: checked(form.pullAdd), update: checked(form.pullUpdate), remove: checked(form.pullRemove), updateFields: many(form.pullUpdateFields) },
    // createRecords is not on the form: leaving it out keeps what the API set.
    push: { update: checked(form.pushUpdate), fields: many(form.pushFields) },
    freshnessMinutes: text(form.freshnessMinutes).trim() === '' || Number.isNaN(minutes) ? form.freshnessMinutes : minutes,
    bulkThreshold: text(form.bulkThreshold).trim() === '' || Number.isNaN(threshold) ? form.bulkThreshold : threshold,
  };
}

/** Problems keyed by form field: `source.where` → `where`, `fields[2]` → `fields`. */
export function listFormErrors(problems: { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const path = p.path.replace(/^(body|form|syncSettings)\./, '');
    const key = path.startsWith('source.') ? path.slice('source.'.length).replace('kind', 'sourceKind') : path.replace(/\[\d+\]$/, '').replace(/^pull\.updateFields.*/, 'pullUpdateFields').replace(/^push\.fields.*/, 'pushFields');
    errors[key] ??= p.message;
  }
  return errors;
}

/** The schedule form's flat fields as the schedule settings schema takes them (only the chosen mode's own field). */
export function scheduleFormToInput(form: Form) {
  const mode = text(form.mode);
  const base = { mode, timeZone: text(form.timeZone).trim() || 'UTC', overlap: text(form.overlap) || 'skip', paused: checked(form.paused) };
  const number = (v: unknown) => (text(v).trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
  if (mode === 'every') return { ...base, everyMinutes: number(form.everyMinutes) };
  if (mode === 'hourly') return { ...base, minute: number(form.minute) };
  if (mode === 'daily') return { ...base, at: text(form.at) };
  return base;
}
