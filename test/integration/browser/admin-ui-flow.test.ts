import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../../dev-services/chromium';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import { buildTestApp, type AppUnderTest } from '../../harness/app-under-test';
import { connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/** A person's path through the real app in headless Chromium: first admin, a CRM connection, a pull. */
describe('admin UI in a browser', () => {
  let emulator: RunningEmulator;
  let worker: RunningTestWorker;
  let t: AppUnderTest;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;

  async function shoot(name: string) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    emulator = await startEmulator({ seed: 3, defaultBatchSize: 200, org: { leads: 30, contacts: 500, accounts: 40, users: 3, opportunities: 30, campaigns: 2 } });
    const models = await connectTestModels('browser');
    const box = testSecretBox();
    worker = await startTestWorker(models, box);
    t = await buildTestApp('browser', { models, box, taskQueue: worker.taskQueue });
    server = await new Promise((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: ensureChromium(() => {}),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await worker?.stop();
    await t?.models.db.dropDatabase();
    await t?.models.db.close();
    await t?.close();
    await emulator?.close();
  });

  it('creates the first admin, connects the emulated org, tests it, pulls contacts and watches the run finish', async () => {
    await page.goto(`${baseUrl}/`);
    expect(page.url()).toBe(`${baseUrl}/setup`);
    await shoot('setup');
    await page.fill('input[name=name]', 'Ada Admin');
    await page.fill('input[name=email]', 'ada@example.com');
    await page.fill('input[name=password]', 'long-enough-pw');
    await page.fill('input[name=confirm]', 'long-enough-pw');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/`);
    await shoot('dashboard-empty');

    await page.click('nav >> text=Connections');
    await page.click('text=New connection');
    await page.waitForURL(`${baseUrl}/connections/new`);
    await page.click('button[type=submit]');
    await page.waitForSelector('#name-error');
    expect(await page.textContent('#name-error')).toContain('give the connection a name');
    expect(await page.textContent('#password-error')).toContain('enter the CRM password');
    await page.fill('input[name=name]', 'Emulated org');
    await page.fill('input[name=loginUrl]', emulator.url);
    await page.fill('input[name=username]', DEMO_CREDENTIALS.username);
    await page.fill('input[name=password]', DEMO_CREDENTIALS.password);
    await page.fill('input[name=securityToken]', DEMO_CREDENTIALS.securityToken);
    await shoot('connection-form');
    await page.click('button[type=submit]');
    // Each step waits for the page it leads to, so a slow redirect cannot swallow the next click.
    await page.waitForURL(/\/connections\/[0-9a-f]{24}$/);
    await page.waitForSelector('.flash-ok >> text=saved');
    await page.click('button:has-text("Test connection")');
    const result = await page.waitForSelector('.flash:not(:has-text("saved"))', { timeout: 30_000 });
    expect(await result.textContent()).toContain('Connected to organization');
    expect(await page.content()).not.toContain(DEMO_CREDENTIALS.password);

    await page.click('button:has-text("Sync now")');
    await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
    await page.waitForSelector('[data-run-status][data-status="succeeded"]', { timeout: 60_000 });
    await shoot('run-detail');
    expect(await t.models.crmRecords.Contact.countDocuments()).toBe(emulator.store.count('Contact'));

    await page.click('nav >> text=Runs');
    expect(await page.textContent('tbody')).toContain("crm-admin-sync");
    await shoot('runs');
    await page.click('nav >> text=Dashboard');
    expect(await page.textContent('.card')).toContain('Emulated org');
    await shoot('dashboard');
    await page.goto(`${baseUrl}/settings/users`);
    await shoot('settings-users');
  });
});
