import type { z } from 'zod';
import { completeSyncSettings, SYNC_SETTING_NAMES, type SyncSettings } from '../../domain/connections/connection-input';

/** The form names each sync setting `syncSettings.<name>`, which is also the key of its inline error. */
const settingField = (name: string) => `syncSettings.${name}`;

/**
 * The submitted sync settings; absent when the form carried none. Text that is not a number is
 * passed on as text so the schema names the field ("must be a number") instead of it being dropped.
 */
function syncSettingsFromForm(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const settings: Record<string, unknown> = {};
  for (const name of SYNC_SETTING_NAMES) {
    const raw = body[settingField(name)];
    if (typeof raw !== 'string') continue;
    const text = raw.trim();
    const number = Number(text);
    settings[name] = text !== '' && Number.isFinite(number) ? number : text;
  }
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/**
 * Flat HTML form fields → the nested input the API takes; empty secret fields mean "keep the stored
 * one". The CRM chosen on the form (`crm`) decides the fields: a Dynamics connection has an
 * environment URL and a tenant id, signs in with client credentials, and its authority (the login
 * URL) may be left empty for Microsoft Entra ID's; a SugarCRM connection names its instance, its REST API
 * version, an API platform and the OAuth client beside the user's password.
 */
export function connectionFormToInput(body: Record<string, unknown>): Record<string, unknown> {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  if (text('crm') === 'dynamics') {
    return {
      crm: 'dynamics',
      name: text('name'),
      environmentUrl: text('environmentUrl'),
      tenantId: text('tenantId'),
      loginUrl: text('loginUrl') || undefined,
      auth: { type: 'client_credentials', clientId: text('clientId'), clientSecret: text('clientSecret') || undefined },
      syncSettings: syncSettingsFromForm(body),
    };
  }
  if (text('crm') === 'sugar') {
    return {
      crm: 'sugar',
      name: text('name'),
      loginUrl: text('loginUrl'),
      platform: text('platform') || undefined,
      apiVersion: text('apiVersion') || undefined,
      auth: { type: 'password', username: text('username'), password: text('password') || undefined, clientId: text('clientId') || undefined, clientSecret: text('clientSecret') || undefined },
      syncSettings: syncSettingsFromForm(body),
    };
  }
  const authType = text('authType');
  const auth =
    authType === 'client_credentials'
      ? { type: 'client_credentials', clientId: text('clientId'), clientSecret: text('clientSecret') || undefined }
      : { type: 'password', username: text('username'), password: text('password') || undefined, securityToken: text('securityToken') || undefined };
  return { ...(text('crm') ? { crm: text('crm') } : {}), name: text('name'), loginUrl: text('loginUrl'), auth, syncSettings: syncSettingsFromForm(body) };
}

/** The same for an edit: a connection's CRM never changes, so the form's `crm` is not part of the change. */
export function connectionFormToUpdate(body: Record<string, unknown>): Record<string, unknown> {
  const { crm: _crm, ...update } = connectionFormToInput(body);
  return update;
}

/** The sync settings as the form's prefilled values: the stored ones, or the defaults for a new connection. */
export function syncSettingsFormValues(settings: SyncSettings = completeSyncSettings(undefined)): Record<string, string> {
  return Object.fromEntries(SYNC_SETTING_NAMES.map((name) => [settingField(name), String(settings[name])]));
}

/** zod issues keyed by the form field they belong to, for inline messages. */
export function formErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [first, second] = issue.path;
    const key =
      first === 'auth' ? String(second ?? 'authType') : first === 'syncSettings' ? (second === undefined ? 'form' : settingField(String(second))) : String(first ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
