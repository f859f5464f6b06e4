import mongoose from 'mongoose';
import { connectionFormToInput, formErrors, syncSettingsFormValues } from '../../../api/forms/connection-form';
import {
  completeSyncSettings,
  connectionUpdateInput,
  mergeSyncSettings,
  newConnectionInput,
  SYNC_SETTINGS,
  syncSettingsInput,
} from '../../../domain/connections/connection-input';
import { defineConnectionModel } from '../../../domain/models/connection';

/** The product's rules for each setting, written out here rather than read from the schema under test. */
const RULES = [
  { name: 'fullSyncIntervalDays', min: 1, max: 365, fallback: 14 },
  { name: 'overlapSeconds', min: 0, max: 86_400, fallback: 300 },
  { name: 'driftCheckIntervalHours', min: 1, max: 720, fallback: 24 },
  { name: 'driftThresholdPercent', min: 0, max: 100, fallback: 1 },
  { name: 'apiReservePercent', min: 0, max: 90, fallback: 10 },
  { name: 'apiLimitPauseSeconds', min: 1, max: 86_400, fallback: 900 },
  { name: 'pageSize', min: 200, max: 2000, fallback: 2000 },
  { name: 'bulkQueryThreshold', min: 0, max: 100_000_000, fallback: 50_000 },
  { name: 'calculatedRefreshIntervalHours', min: 0, max: 720, fallback: 0 },
] as const;

const DEFAULTS = Object.fromEntries(RULES.map((r) => [r.name, r.fallback]));

const issuesOf = (value: unknown) => {
  const parsed = syncSettingsInput.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

const NEW_CONNECTION = { name: 'Prod', loginUrl: 'https://login.salesforce.com', auth: { type: 'password', username: 'u', password: 'p' } };

describe('the sync settings input', () => {
  test('accepts no settings, any one, or all of them', () => {
    expect(syncSettingsInput.parse({})).toEqual({});
    expect(syncSettingsInput.parse({ pageSize: 500 })).toEqual({ pageSize: 500 });
    expect(syncSettingsInput.parse(DEFAULTS)).toEqual(DEFAULTS);
  });

  test.each(RULES)('$name accepts $min and $max and refuses one step outside, naming the range', ({ name, min, max }) => {
    expect(syncSettingsInput.parse({ [name]: min })).toEqual({ [name]: min });
    expect(syncSettingsInput.parse({ [name]: max })).toEqual({ [name]: max });
    const message = `must be between ${min} and ${max}`;
    expect(issuesOf({ [name]: min - 1 })).toEqual([{ path: name, message }]);
    expect(issuesOf({ [name]: max + 1 })).toEqual([{ path: name, message }]);
  });

  test('durations, counts and the page size are whole numbers; percentages may have decimals', () => {
    expect(issuesOf({ fullSyncIntervalDays: 1.5 })).toEqual([{ path: 'fullSyncIntervalDays', message: 'must be a whole number' }]);
    expect(issuesOf({ pageSize: 500.5 })).toEqual([{ path: 'pageSize', message: 'must be a whole number' }]);
    expect(issuesOf({ overlapSeconds: 0.1 })).toEqual([{ path: 'overlapSeconds', message: 'must be a whole number' }]);
    expect(syncSettingsInput.parse({ driftThresholdPercent: 0.5, apiReservePercent: 2.5 })).toEqual({ driftThresholdPercent: 0.5, apiReservePercent: 2.5 });
  });

  test('refuses values that are not numbers, numeric text included', () => {
    for (const value of ['30', null, true, [30], { $gt: 0 }, Number.NaN]) {
      expect(issuesOf({ overlapSeconds: value })).toEqual([{ path: 'overlapSeconds', message: 'must be a number' }]);
    }
  });

  test('refuses a key that is not a setting, naming it and the settings there are', () => {
    const [issue] = issuesOf({ pageSize: 500, pagesize: 500, $where: 'x' });
    expect(issue?.path).toBe('');
    expect(issue?.message).toMatch(/^unknown setting 'pagesize', '\$where'; the settings are fullSyncIntervalDays, overlapSeconds, .*calculatedRefreshIntervalHours$/);
  });

  test('refuses settings that are not an object', () => {
    expect(issuesOf('pageSize=500')).toEqual([{ path: '', message: 'must be an object of sync settings' }]);
    expect(issuesOf([1, 2])).toEqual([{ path: '', message: 'must be an object of sync settings' }]);
  });

  test('a new connection and an edit both take optional settings, reported under syncSettings', () => {
    expect(newConnectionInput.parse(NEW_CONNECTION).syncSettings).toBeUndefined();
    expect(newConnectionInput.parse({ ...NEW_CONNECTION, syncSettings: { pageSize: 200 } }).syncSettings).toEqual({ pageSize: 200 });
    expect(connectionUpdateInput.parse({ syncSettings: { apiReservePercent: 25 } })).toEqual({ syncSettings: { apiReservePercent: 25 } });
    const refused = connectionUpdateInput.safeParse({ syncSettings: { apiReservePercent: 95 } });
    expect(refused.success ? [] : refused.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['syncSettings.apiReservePercent', 'must be between 0 and 90']]);
  });
});

describe('merging an edit into the stored settings', () => {
  test('the given settings change and every other keeps its stored value', () => {
    const stored = { ...DEFAULTS, pageSize: 500, overlapSeconds: 60 };
    expect(mergeSyncSettings(stored, { overlapSeconds: 0, apiReservePercent: 30 })).toEqual({ ...DEFAULTS, pageSize: 500, overlapSeconds: 0, apiReservePercent: 30 });
    expect(mergeSyncSettings(stored, {})).toEqual(stored);
    expect(mergeSyncSettings(stored, undefined)).toEqual(stored);
  });

  test('a document saved before the settings existed reads as the defaults', () => {
    expect(completeSyncSettings(undefined)).toEqual(DEFAULTS);
    expect(completeSyncSettings(null)).toEqual(DEFAULTS);
    expect(completeSyncSettings({ pageSize: 300 })).toEqual({ ...DEFAULTS, pageSize: 300 });
    expect(mergeSyncSettings({ pageSize: 300 }, { fullSyncIntervalDays: 7 })).toEqual({ ...DEFAULTS, pageSize: 300, fullSyncIntervalDays: 7 });
  });

  test('the input bounds and defaults are the ones the stored connection model enforces', () => {
    const model = defineConnectionModel(mongoose.createConnection());
    const stored = (model.schema.path('syncSettings') as unknown as { schema: mongoose.Schema }).schema;
    const modelRules = Object.fromEntries(
      Object.entries(stored.paths).map(([name, path]) => [name, { min: path.options.min, max: path.options.max, default: path.options.default }]),
    );
    const inputRules = Object.fromEntries(Object.entries(SYNC_SETTINGS).map(([name, rule]) => [name, { min: rule.min, max: rule.max, default: rule.default }]));
    expect(inputRules).toEqual(modelRules);
    expect(completeSyncSettings(new model({}).toObject().syncSettings)).toEqual(DEFAULTS);
  });
});

describe('the sync settings in the connection form', () => {
  const form = { name: 'Prod', loginUrl: 'https://login.salesforce.com', authType: 'password', username: 'u' };

  test('numbers typed into the form become numbers; other text is passed on for the schema to name', () => {
    const input = connectionFormToInput({ ...form, 'syncSettings.pageSize': ' 500 ', 'syncSettings.driftThresholdPercent': '0.5', 'syncSettings.overlapSeconds': 'soon', 'syncSettings.fullSyncIntervalDays': '' });
    expect(input).toMatchObject({ syncSettings: { pageSize: 500, driftThresholdPercent: 0.5, overlapSeconds: 'soon', fullSyncIntervalDays: '' } });
  });

  test('a form without sync fields leaves the settings alone, and fields that are not settings are ignored', () => {
    expect(connectionFormToInput(form)).toMatchObject({ syncSettings: undefined });
    expect(connectionFormToInput({ ...form, 'syncSettings.bogus': '1' })).toMatchObject({ syncSettings: undefined });
  });

  test('each refused setting is reported at its own field', () => {
    const parsed = connectionUpdateInput.safeParse(
      connectionFormToInput({ ...form, 'syncSettings.pageSize': '100', 'syncSettings.overlapSeconds': '', 'syncSettings.fullSyncIntervalDays': '7' }),
    );
    if (parsed.success) throw new Error('expected the form to be refused');
    expect(formErrors(parsed.error)).toEqual({ 'syncSettings.pageSize': 'must be between 200 and 2000', 'syncSettings.overlapSeconds': 'must be a number' });
  });

  test('the form is prefilled with the given settings, or the defaults', () => {
    expect(syncSettingsFormValues()).toEqual(Object.fromEntries(RULES.map((r) => [`syncSettings.${r.name}`, String(r.fallback)])));
    expect(syncSettingsFormValues({ ...completeSyncSettings(undefined), driftThresholdPercent: 0.5 })['syncSettings.driftThresholdPercent']).toBe('0.5');
  });
});
