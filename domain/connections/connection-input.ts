import { z } from 'zod';

const loginUrl = z
  .string({ required_error: 'enter the login URL' })
  .trim()
  .url('must be a URL such as https://login.salesforce.com')
  .refine((url) => /^https?:\/\//.test(url), 'must start with https:// (or http:// for a local emulator)');

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

/** A new connection as the API and the form submit it. */
export const newConnectionInput = z
  .object({
    name: z.string({ required_error: 'give the connection a name' }).trim().min(1, 'give the connection a name').max(100),
    loginUrl,
    apiVersion: z.string().regex(/^\d{2}\.0$/, 'must look like 59.0').optional(),
    auth: z.discriminatedUnion('type', [passwordAuth, clientCredentialsAuth]),
  })
  .strict();

/** An edit: secrets may be left out to keep the stored ones (forms never echo secrets back). */
export const connectionUpdateInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    loginUrl: loginUrl.optional(),
    apiVersion: z.string().regex(/^\d{2}\.0$/, 'must look like 59.0').optional(),
    auth: z
      .discriminatedUnion('type', [
        passwordAuth.extend({ password: z.string().optional(), securityToken: z.string().optional() }),
        clientCredentialsAuth.extend({ clientSecret: z.string().optional() }),
      ])
      .optional(),
  })
  .strict();

export type NewConnectionInput = z.infer<typeof newConnectionInput>;
export type ConnectionUpdateInput = z.infer<typeof connectionUpdateInput>;
