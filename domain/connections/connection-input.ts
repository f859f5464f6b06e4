import { z } from 'zod';
import { SYNC_SETTINGS, SYNC_SETTING_NAMES, type SyncSettingName, type SyncSettings } from '../models/sync-settings';

const loginUrl = z
  .string({ required_error: 'enter the login URL' })
  .trim()
  .url('must be a URL such as https://login.salesforce.com')
  .refine((url) => /^https?:\/\//.test(url), 'must start with https://');

const passwordAuth = z.object({
  type: z.literal('password'),
  username: z.string({ required_error: 'enter the CRM user name' }).trim().min(1, 'enter the CRM user name'),
  password: z.string({ required_error: 'enter the CRM password' }).min(1, 'enter the CRM password'),
  securityToken: z.string().optional(),
});

const clientCredentialsAuth = z.object({
  type: z.literal('client_credentials'),
  clientId: z.string({ required_error: 'enter the OAuth client id' }).trim().min(1, 'enter the OAuth client id'),
  clientSecret: z.string({ required_error: 'enter the OAuth client secret' }).min(1, 'enter the OAuth client secret'),
});

export { SYNC_SETTINGS, SYNC_SETTING_NAMES, type SyncSettingName, type SyncSettings };

function syncSetting({ min, max, whole }: (typeof SYNC_SETTINGS)[SyncSettingName]) {
  const range = `must be between ${min} and ${max}`;
  const number = z.number({ invalid_type_error: 'must be a number', required_error: 'must be a number' }).finite('must be a number');
  return (whole ? number.int('must be a whole number') : number).min(min, range).max(max, range);
}

/** Any subset of the sync settings; a key that is not a setting is refused, naming it. */
export const syncSettingsInput = z
  .object(
    Object.fromEntries(SYNC_SETTING_NAMES.map((name) => [name, syncSetting(SYNC_SETTINGS[name]).optional()])) as {
      [K in SyncSettingName]: z.ZodOptional<z.ZodNumber>;
    },
    {
      errorMap: (issue, ctx) => {
        if (issue.code === 'unrecognized_keys') {
          return { message: `unknown setting ${issue.keys.map((k) => `'${k}'`).join(', ')}; the settings are ${SYNC_SETTING_NAMES.join(', ')}` };
        }
        if (issue.code === 'invalid_type') return { message: 'must be an object of sync settings' };
        return { message: ctx.defaultError };
      },
    },
  )
  .strict();

export type SyncSettingsInput = z.infer<typeof syncSettingsInput>;

/** Every setting, stored values over defaults: documents saved before a setting existed still read whole. */
export function completeSyncSettings(stored: unknown): SyncSettings {
  const given = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const settings = {} as SyncSettings;
  for (const name of SYNC_SETTING_NAMES) {
    const value = given[name];
    settings[name] = typeof value === 'number' && Number.isFinite(value) ? value : SYNC_SETTINGS[name].default;
  }
  return settings;
}

/** What the settings become after an edit: the given keys change, every other keeps its stored (or default) value. */
export function mergeSyncSettings(stored: unknown, change: SyncSettingsInput | undefined): SyncSettings {
  const merged = completeSyncSettings(stored);
  for (const name of SYNC_SETTING_NAMES) {
    const value = change?.[name];
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

/** Where a Dynamics app registration signs in unless the admin names another authority. */
export const DEFAULT_DYNAMICS_AUTHORITY = 'https://login.microsoftonline.com';

const environmentUrl = z
  .string({ required_error: 'enter the environment URL' })
  .trim()
  .url('must be a URL such as https://contoso.crm.dynamics.com')
  .refine((url) => /^https?:\/\//.test(url), 'must start with https://');

const tenantId = z
  .string({ required_error: 'enter the directory (tenant) id' })
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the directory (tenant) id, a GUID such as 7a1c6c8e-0d1b-4e8e-9f3a-2b5c9d0e4f61');

/** Salesforce's REST API version (`59.0`) and SugarCRM's REST API version path (`v11_25`; `v10`, `v11` on older instances). */
export const SALESFORCE_API_VERSION = /^\d{2}\.0$/;
export const SUGAR_API_VERSION = /^v1[01](_\d+)?$/;

const salesforceConnection = z
  .object({
    crm: z.literal('salesforce'),
    name: z.string({ required_error: 'give the connection a name' }).trim().min(1, 'give the connection a name').max(100),
    loginUrl,
    apiVersion: z.string().regex(SALESFORCE_API_VERSION, 'must look like 59.0').optional(),
    auth: z.discriminatedUnion('type', [passwordAuth, clientCredentialsAuth]),
    syncSettings: syncSettingsInput.optional(),
  })
  .strict();

/** A Dynamics 365 (Dataverse) application user: Entra ID client credentials, no user password. */
const dynamicsConnection = z
  .object({
    crm: z.literal('dynamics'),
    name: z.string({ required_error: 'give the connection a name' }).trim().min(1, 'give the connection a name').max(100),
    environmentUrl,
    tenantId,
    loginUrl: loginUrl.default(DEFAULT_DYNAMICS_AUTHORITY),
    auth: clientCredentialsAuth.extend({ type: z.literal('client_credentials').default('client_credentials') }),
    syncSettings: syncSettingsInput.optional(),
  })
  .strict();

/** The REST API version path of a SugarCRM instance (`v11_25` on Sugar 14; `v10`, `v11`, `v11_N` on older ones). */
export const DEFAULT_SUGAR_API_VERSION = 'v11_25';
/** The API platform crm-sync signs in on unless the admin names another: a Sugar admin registers it (Admin > Configure API Platforms). */
export const DEFAULT_SUGAR_PLATFORM = 'crm_sync';

const sugarPlatform = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an API platform name such as crm_sync')
  .refine((p) => p !== 'base', "must not be 'base': a sign-in on it would log the user out of the browser");

/**
 * A SugarCRM API user: the OAuth 2.0 password grant against the instance itself (`loginUrl`), with
 * an OAuth client (Sugar's own `sugar` client with an empty secret unless the admin made one) and a
 * platform of crm-sync's own, since a sign-in ends the same user's earlier session on that platform.
 */
const sugarConnection = z
  .object({
    crm: z.literal('sugar'),
    name: z.string({ required_error: 'give the connection a name' }).trim().min(1, 'give the connection a name').max(100),
    loginUrl: z
      .string({ required_error: 'enter the instance URL' })
      .trim()
      .url('must be a URL such as https://acme.sugarondemand.com')
      .refine((url) => /^https?:\/\//.test(url), 'must start with https://'),
    apiVersion: z.string().trim().regex(SUGAR_API_VERSION, 'must look like v11_25').default(DEFAULT_SUGAR_API_VERSION),
    platform: sugarPlatform.default(DEFAULT_SUGAR_PLATFORM),
    auth: passwordAuth
      .omit({ securityToken: true })
      .extend({
        type: z.literal('password').default('password'),
        clientId: z.string().trim().min(1, 'enter the OAuth client id').default('sugar'),
        clientSecret: z.string().default(''),
      }),
    syncSettings: syncSettingsInput.optional(),
  })
  .strict();

/** Connections created before a second CRM existed name none: they are Salesforce connections. */
const withCrm = (body: unknown) => (body && typeof body === 'object' && !Array.isArray(body) && !('crm' in body) ? { ...body, crm: 'salesforce' } : body);

/** A new connection as the API and the form submit it; `crm` chooses the fields (Salesforce when absent). */
export const newConnectionInput = z.preprocess(
  withCrm,
  z.discriminatedUnion('crm', [salesforceConnection, dynamicsConnection, sugarConnection], {
    errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: `must be one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}` } : { message: ctx.defaultError }),
  }),
);

/** An edit: secrets may be left out to keep the stored ones (forms never echo secrets back). */
export const connectionUpdateInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    loginUrl: loginUrl.optional(),
    /**
     * Salesforce (`59.0`) and SugarCRM (`v11_25`) connections: an edit names no CRM, so either shape
     * passes here and updateConnection holds it to the connection's own CRM.
     */
    apiVersion: z
      .string()
      .trim()
      .refine((v) => SALESFORCE_API_VERSION.test(v) || SUGAR_API_VERSION.test(v), 'must look like 59.0 (Salesforce) or v11_25 (SugarCRM)')
      .optional(),
    /** Dynamics connections only. */
    environmentUrl: environmentUrl.optional(),
    tenantId: tenantId.optional(),
    /** SugarCRM connections only. */
    platform: sugarPlatform.optional(),
    auth: z
      .discriminatedUnion('type', [
        passwordAuth.extend({ password: z.string().optional(), securityToken: z.string().optional(), clientId: z.string().trim().min(1).optional(), clientSecret: z.string().optional() }),
        clientCredentialsAuth.extend({ clientSecret: z.string().optional() }),
      ])
      .optional(),
    /** Merged into the stored settings: keys left out keep their value. */
    syncSettings: syncSettingsInput.optional(),
  })
  .strict();

export type NewConnectionInput = z.infer<typeof newConnectionInput>;
export type ConnectionUpdateInput = z.infer<typeof connectionUpdateInput>;
