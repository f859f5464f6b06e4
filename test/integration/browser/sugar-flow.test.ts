import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CREDENTIALS, orgSizeForPeople, startSugarEmulator, type RunningSugarEmulator } from '../../../sugar-emulator';
import { blankMappingRow, openBrowserApp, type BrowserApp } from './browser-app';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/** A person's first steps with SugarCRM in the real app: connect through the form, test, sync, map, and see the org's people as contacts. */
describe('SugarCRM in a browser', () => {
  let emu: RunningSugarEmulator;
  let app: BrowserApp;
  let baseUrl: string;
  let page: Page;
  const pageErrors: string[] = [];

  const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `sugar-${name}.png`), fullPage: true });

  /** Follows a run page until the run has finished; returns its status from the page loaded afresh. */
  async function finishedRun(timeout = 60_000): Promise<string> {
    await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
    const runUrl = page.url();
    await page.waitForSelector('[data-run-status][data-status="succeeded"], [data-run-status][data-status="failed"]', { timeout });
    await page.goto(runUrl);
    return (await page.getAttribute('[data-run-status]', 'data-status')) ?? '';
  }

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    emu = await startSugarEmulator({ seed: 41, org: orgSizeForPeople(60) });
    app = await openBrowserApp('browser_sugar', { width: 1280, height: 900 });
    ({ baseUrl, page } = app);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it('connects a SugarCRM instance through the form, tests it, syncs, maps its fields and shows its people as contacts with their values', async () => {
    // First admin.
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/setup`);
    await page.fill('input[name=name]', 'Sam Admin');
    await page.fill('input[name=email]', 'sam@example.com');
    await page.fill('input[name=password]', 'long-enough-pw');
    await page.fill('input[name=confirm]', 'long-enough-pw');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/`);

    // The connection form with SugarCRM chosen: the platform and Sugar's own OAuth client come filled in.
    await page.click('nav >> text=Connections');
    await page.waitForURL(`${baseUrl}/connections`);
    await page.click('a:has-text("New connection"), a:has-text("Connect Salesforce")');
    await page.waitForURL(/\/connections\/new/);
    await page.click('.crm-choice a[data-crm="sugar"]');
    await page.waitForURL(`${baseUrl}/connections/new?crm=sugar`);
    expect({ platform: await page.inputValue('input[name=platform]'), apiVersion: await page.inputValue('input[name=apiVersion]'), clientId: await page.inputValue('input[name=clientId]') }).toEqual({
      platform: 'crm_sync',
      apiVersion: 'v11_25',
      clientId: 'sugar',
    });
    await page.fill('input[name=name]', 'Emulated SugarCRM');
    await page.fill('input[name=loginUrl]', emu.url);
    await page.fill('input[name=username]', DEMO_CREDENTIALS.username);
    await page.fill('input[name=password]', DEMO_CREDENTIALS.password);
    await shoot('connection-form');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/connections\/[0-9a-f]{24}$/);
    await page.waitForSelector('.flash-ok >> text=saved');
    const connectionUrl = page.url();
    const connectionId = connectionUrl.split('/').pop() as string;
    expect(await page.textContent('dl')).toContain('sugar');

    await page.click('button:has-text("Test connection")');
    const tested = await page.waitForSelector('.flash:not(:has-text("saved"))', { timeout: 30_000 });
    expect(await tested.getAttribute('class')).not.toContain('flash-error');
    expect(await tested.textContent()).toContain('Connected');
    expect(await page.content()).not.toContain(DEMO_CREDENTIALS.password);

    // The first sync brings the CRM's modules, which feed the mapping editor.
    await page.click('button:has-text("Full sync now")');
    expect(await finishedRun()).toBe('succeeded');

    // Email, names and Sugar's behavior_score_c as a Score on both person kinds, saved in two passes (two blank rows per object).
    await page.goto(`${connectionUrl}/mapping`);
    await page.waitForSelector('button:has-text("Save mapping")');
    // The editor may already offer a row for a field (the person's email): that one is kept.
    const fieldsOf = (crmObject: string) =>
      page.$$eval(
        'tr[data-row]',
        (rows, object) =>
          rows
            .filter((r) => (r.querySelector('input[name$="[crmObject]"]') as unknown as { value: string }).value === object)
            .map((r) => (r.querySelector('select[name$="[crmField]"]') as unknown as { value: string } | null)?.value ?? ''),
        crmObject,
      );
    async function pick(crmObject: string, crmField: string, target: string): Promise<void> {
      if ((await fieldsOf(crmObject)).includes(crmField)) return;
      const row = await blankMappingRow(page, crmObject);
      await page.selectOption(`select[name="rows[${row}][crmField]"]`, crmField);
      await page.selectOption(`select[name="rows[${row}][target]"]`, target);
      if (target === 'custom') {
        await page.fill(`input[name="rows[${row}][customName]"]`, 'behaviorScore');
        await page.selectOption(`select[name="rows[${row}][customType]"]`, 'Score');
      }
    }
    async function saveMapping(): Promise<void> {
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/mapping')),
        page.click('button:has-text("Save mapping")'),
      ]);
      if (saved.status() !== 302) await page.waitForLoadState();
      expect({ status: saved.status(), errors: saved.status() === 302 ? [] : await page.$$eval('.field-error, .flash-error', (els) => els.map((e) => e.textContent)) }).toEqual({ status: 302, errors: [] });
      await page.waitForURL(`${connectionUrl}/mapping`);
      await page.waitForSelector('.flash-ok >> text=Mapping saved');
    }
    for (const crmObject of ['Lead', 'Contact']) {
      await pick(crmObject, 'email1', 'standard:email');
      await pick(crmObject, 'behavior_score_c', 'custom');
    }
    await saveMapping();
    for (const crmObject of ['Lead', 'Contact']) await pick(crmObject, 'last_name', 'standard:lastName');
    await saveMapping();
    await shoot('mapping-editor');

    // A sync with the mapping: every lead and contact of the org is a marketing contact.
    await page.goto(connectionUrl);
    await page.click('button:has-text("Full sync now")');
    expect(await finishedRun()).toBe('succeeded');
    await page.goto(connectionUrl);
    const people = emu.store.list('Leads').length + emu.store.list('Contacts').length;
    const shownCount = await page.textContent('dt:has-text("Marketing contacts") + dd .num');
    expect(Number((shownCount ?? '').replace(/,/g, ''))).toBe(people);

    // One Sugar contact's page shows its email and its score as the CRM holds them.
    const contact = emu.store.list('Contacts').find((c) => typeof c.email1 === 'string' && typeof c.behavior_score_c === 'number')!;
    expect(contact).toBeDefined();
    await page.goto(`${baseUrl}/connections/${connectionId}/contacts/${String(contact.id)}`);
    expect(await page.textContent('h1')).toContain(String(contact.email1));
    expect(await page.textContent('#contact-mapped tr[data-field="behaviorScore"] td:nth-child(4)')).toBe(String(contact.behavior_score_c));
    await shoot('contact');
    expect(pageErrors).toEqual([]);
    expect(emu.stats.deletes).toBe(0);
  }, 60_000);
});
