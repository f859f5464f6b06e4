import crypto from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createApp, type AppDeps } from '../../api/app';
import { hashPassword } from '../../domain/auth/passwords';
import type { Role } from '../../domain/auth/roles';
import type { Models } from '../../domain/models';
import type { SecretBox } from '../../domain/secrets/secret-box';
import { createConnectorFactory } from '../../domain/crm/connector-factory';
import { connectTemporalClient, connectTestModels, DEVELOPMENT_OUTBOUND_HOSTS, testSecretBox } from './services';

export interface AppUnderTest {
  app: Express;
  models: Models;
  box: SecretBox;
  close(): Promise<void>;
}

/** The real app over a fresh database and the real Temporal server; options as the composition root passes them. */
export async function buildTestApp(prefix: string, options: Partial<AppDeps> = {}): Promise<AppUnderTest> {
  const models = options.models ?? (await connectTestModels(prefix));
  const box = options.box ?? testSecretBox();
  const temporal = await connectTemporalClient();
  const app = createApp({
    models,
    box,
    temporal: temporal.client,
    taskQueue: 'unused-in-this-test',
    sessionSecret: crypto.randomBytes(16).toString('hex'),
    env: 'test',
    log: () => {},
    // Every test's CRM is the emulator on loopback, as on a development machine.
    outboundHosts: DEVELOPMENT_OUTBOUND_HOSTS,
    connectors: createConnectorFactory(models, box),
    ...options,
  });
  return {
    app,
    models,
    box,
    async close() {
      await temporal.close();
      if (!options.models) {
        await models.db.dropDatabase();
        await models.db.close();
      }
    },
  };
}

export async function createUser(models: Models, role: Role, email = `${role}-${crypto.randomBytes(3).toString('hex')}@example.com`) {
  const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
  await models.User.create({ name: `${role} user`, email, role, passwordHash: await hashPassword(password) });
  return { email, password };
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** A cookie-keeping client signed in through the real login form; `csrf` is the session's token. */
export async function signIn(app: Express, user: { email: string; password: string }) {
  const agent = request.agent(app);
  const form = await agent.get('/login').expect(200);
  const login = await agent.post('/login').type('form').send({ _csrf: csrfFrom(form.text), email: user.email, password: user.password });
  if (login.status !== 302) throw new Error(`sign-in failed with ${login.status}: ${login.text.slice(0, 300)}`);
  const page = await agent.get('/settings').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}
