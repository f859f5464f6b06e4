import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../../harness/wait-for';
import { SALESFORCE_OBJECTS } from '../../../domain/crm/salesforce/salesforce-model';
import { DEMO_CREDENTIALS, startEmulator, type RunningEmulator } from '../../../sf-emulator';
import type { AppUnderTest } from '../../harness/app-under-test';
import { blankMappingRow, openBrowserApp, type BrowserApp } from './browser-app';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/** A person's path through the real app in headless Chromium: first admin, a CRM connection, its mapping, a sync. */
describe('admin UI in a browser', () => {
  let emulator: RunningEmulator;
  let app: BrowserApp;
  let t: AppUnderTest;
  let baseUrl: string;
  let page: Page;

  /** Per object (the row's data-object), the number in its n-th numeric cell. */
  async function objectTable(selector: string, numericCell: number): Promise<Record<string, number>> {
    return page.$$eval(
      `${selector} tbody tr[data-object]`,
      (rows, n) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-object'), Number((r.querySelectorAll('td.num')[n]?.textContent ?? '').replace(/,/g, ''))])),
      numericCell,
    );
  }

  /** The index of the first mapping-editor row of this CRM object with no field chosen. */
  const blankRow = (crmObject: string) => blankMappingRow(page, crmObject);

  /** Presses "Save mapping" and waits for the server's answer to the post; the caller waits for what the next page shows. */
  async function saveMapping(status: number): Promise<void> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/mapping')),
      page.click('button:has-text("Save mapping")'),
    ]);
    expect(response.status()).toBe(status);
  }

  async function shoot(name: string) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    emulator = await startEmulator({ seed: 3, defaultBatchSize: 200, org: { leads: 30, contacts: 500, accounts: 40, users: 3, opportunities: 30, campaigns: 2 } });
    app = await openBrowserApp('browser', { width: 1280, height: 800 });
    ({ t, baseUrl, page } = app);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('creates the first admin, connects the emulated org, tests it, maps its fields, syncs it and watches the run finish', async () => {
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

    const connectionUrl = page.url();

    // The mapping editor: a save without a Score field is refused with the rule named; then a valid one.
    await page.click('a:has-text("Field mapping")');
    await page.waitForURL(`${connectionUrl}/mapping`);
    await page.waitForSelector('button:has-text("Save mapping")');
    // Before anything is saved, the editor suggests the email rows; saving only those breaks the Score rule.
    expect(await page.inputValue('select[name="rows[0][crmField]"]')).toBe('Email');
    expect(await page.inputValue('select[name="rows[1][crmField]"]')).toBe('Email');
    await saveMapping(400);
    const refused = await page.waitForSelector('[data-mapping-problems] li[data-rule="score-required"]');
    expect(await refused.textContent()).toContain('at least one Score field must be mapped');
    expect(await page.textContent('[data-mapping-problems]')).toContain('The mapping was not saved.');
    expect(await t.models.Connection.findOne({}, { mapping: 1 }).lean()).toMatchObject({ mapping: null });
    await shoot('mapping-refused');

    for (const crmObject of ['Lead', 'Contact']) {
      const row = await blankRow(crmObject);
      await page.selectOption(`select[name="rows[${row}][crmField]"]`, 'Behavior_Score__c');
      await page.selectOption(`select[name="rows[${row}][target]"]`, 'custom');
      await page.fill(`input[name="rows[${row}][customName]"]`, 'behaviorScore');
      await page.selectOption(`select[name="rows[${row}][customType]"]`, 'Score');
    }
    await saveMapping(302);
    await page.waitForURL(`${connectionUrl}/mapping`);
    const saved = await page.waitForSelector('.flash-ok');
    expect(await saved.textContent()).toContain('Mapping saved. The next sync of Lead and Contact will be a full sync');
    expect(await page.$('[data-mapping-problems]')).toBeNull();
    await shoot('mapping-editor');

    // Sync now: the run page follows the run until it succeeds.
    await page.click(`.crumbs a[href="${new URL(connectionUrl).pathname}"]`);
    await page.waitForURL(connectionUrl);
    await page.click('button:has-text("Sync now")');
    await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
    const runUrl = page.url();
    await page.waitForSelector('[data-run-status][data-status="succeeded"]', { timeout: 60_000 });
    // The page reloads itself when the status changes; load it afresh so what is read is the finished page.
    await page.goto(runUrl);
    await page.waitForSelector('[data-run-status][data-status="succeeded"]');
    const runCounts = await objectTable('#run-counts', 1);
    expect(Object.keys(runCounts)).toEqual([...SALESFORCE_OBJECTS]);
    for (const object of SALESFORCE_OBJECTS) expect({ object, inserted: runCounts[object] }).toEqual({ object, inserted: emulator.store.count(object) });
    expect(await page.textContent('#run-counts tr[data-object="Contact"]')).toContain('full');
    await shoot('run-detail');
    expect(await t.models.crmRecords.Contact.countDocuments()).toBe(emulator.store.count('Contact'));
    expect(await t.models.ContactView.countDocuments()).toBe(emulator.store.count('Lead') + emulator.store.count('Contact'));

    // Back on the connection page, the CRM objects table shows what is stored locally.
    await page.click(`dd a[href="${new URL(connectionUrl).pathname}"]`);
    await page.waitForURL(connectionUrl);
    await page.waitForSelector('#object-freshness');
    const stored = await objectTable('#object-freshness', 0);
    for (const object of SALESFORCE_OBJECTS) expect({ object, records: stored[object] }).toEqual({ object, records: emulator.store.count(object) });
    expect(await page.textContent('#object-freshness tr[data-object="Contact"]')).toContain('(full)');
    await shoot('connection-freshness');

    await page.click('nav >> text=Runs');
    await page.waitForURL(`${baseUrl}/runs`);
    expect(await page.textContent('tbody')).toContain("crm-admin-sync");
    await shoot('runs');
    await page.click('nav >> text=Dashboard');
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.textContent('.card')).toContain('Emulated org');
    await shoot('dashboard');
    await page.goto(`${baseUrl}/settings/users`);
    await shoot('settings-users');
  });
  it('imports a campaign list, syncs a changed score to the CRM and retries a refused record from the run page', async () => {
    await page.click('nav >> text=Lists');
    await page.waitForURL(`${baseUrl}/lists`);
    expect(await page.textContent('.empty')).toContain('No lists yet');
    await page.click('.empty >> text=Import a list');
    await page.waitForURL(`${baseUrl}/lists/new`);
    await page.click('button:has-text("Import list")');
    await page.waitForSelector('#name-error');
    expect(await page.textContent('#name-error')).toContain('a name is required');
    expect(await page.textContent('#campaignId-error')).toBeTruthy();
    const campaign = emulator.store.list('Campaign').sort((a, b) => String(a.Name).localeCompare(String(b.Name)))[0];
    await page.fill('input[name=name]', 'Campaign people');
    await page.check('input[name=sourceKind][value=campaign]');
    await page.selectOption('select[name=campaignId]', String(campaign.Id));
    await shoot('list-new');
    await page.click('button:has-text("Import list")');
    await page.waitForURL(/\/lists\/[0-9a-f]{24}$/);
    const listUrl = page.url();
    const listId = listUrl.split('/').pop() as string;
    const expected = emulator.store.list('CampaignMember').filter((m) => m.CampaignId === campaign.Id).length;
    // The import runs in the background; the page shows the members once it has finished.
    await waitFor('the import to finish', async () => ((await t.models.MarketingList.findById(listId).lean())?.importedAt ? true : undefined));
    await page.goto(listUrl);
    expect(await page.textContent('#member-count')).toBe(String(expected));
    await shoot('list-detail');

    // A score changed here (as a program would) and one member the CRM refuses to update.
    const [first, second] = await t.models.ListMember.find({ listId }).sort({ crmId: 1 }).limit(2).lean();
    for (const [i, m] of [first, second].entries()) await t.models.ListMember.updateOne({ _id: m._id }, { $set: { 'values.behaviorScore': 900 + i } });
    emulator.faults.failRecordWrites([second.crmId], { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Scores above 900 need approval', fields: [] });
    await page.click('button:has-text("Sync now")');
    await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
    const syncRunUrl = page.url();
    await page.waitForSelector('[data-run-status][data-status="succeeded"]', { timeout: 60_000 });
    await page.goto(syncRunUrl);
    expect(await page.textContent('#list-run-push [data-count="pushed"]')).toBe('1');
    expect(await page.textContent('#push-errors')).toContain('Scores above 900 need approval');
    expect(emulator.store.getById(first.crmId)?.Behavior_Score__c).toBe(900);
    await shoot('list-run-refused');

    emulator.faults.clearRecordWriteFaults();
    await page.click('button:has-text("Retry the 1 failed record")');
    await page.waitForURL((url) => url.pathname !== new URL(syncRunUrl).pathname && /\/runs\/[0-9a-f]{24}$/.test(url.pathname));
    await page.waitForSelector('[data-run-status][data-status="succeeded"]', { timeout: 60_000 });
    expect(emulator.store.getById(second.crmId)?.Behavior_Score__c).toBe(901);
    await page.goto(syncRunUrl);
    expect(await page.textContent('#push-errors')).toContain('written later');

    // A run that fails is obvious and one click from a retry: the list's stored source breaks, its
    // sync fails with the reason on the run page, the source is repaired, and "Retry run" succeeds.
    const source = (await t.models.MarketingList.findById(listId).lean())?.source;
    await t.models.MarketingList.updateOne({ _id: listId }, { $set: { source: { kind: 'filter', object: 'Lead', where: "Name = 'x", whereFields: [] } } });
    await page.goto(listUrl);
    await page.click('button:has-text("Sync now")');
    await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
    const failedRunUrl = page.url();
    await page.waitForSelector('[data-run-status][data-status="failed"]', { timeout: 60_000 });
    await page.goto(failedRunUrl);
    expect(await page.textContent('.flash-error')).toContain('no longer parses');
    await shoot('run-failed');
    await t.models.MarketingList.updateOne({ _id: listId }, { $set: { source } });
    await page.click('button:has-text("Retry run")');
    await page.waitForURL((url) => url.pathname !== new URL(failedRunUrl).pathname && /\/runs\/[0-9a-f]{24}$/.test(url.pathname));
    await page.waitForSelector('[data-run-status][data-status="succeeded"]', { timeout: 60_000 });

    // An admin schedules the list: daily at 06:30 in Paris; the page shows the next run times.
    await page.goto(listUrl);
    await page.selectOption('select[name=mode]', 'daily');
    await page.fill('input[name=at]', '6:30pm');
    await page.click('button:has-text("Save schedule")');
    expect(await page.textContent('#at-error')).toContain('HH:MM');
    await page.fill('input[name=at]', '06:30');
    await page.fill('input[name=timeZone]', 'Europe/Paris');
    await page.click('button:has-text("Save schedule")');
    await page.waitForSelector('.flash-ok >> text=Schedule saved');
    expect(await page.textContent('#schedule-state')).toContain('daily at 06:30 Europe/Paris');
    await page.selectOption('select[name=mode]', 'off');
    await page.click('button:has-text("Save schedule")');
    await page.waitForSelector('.flash-ok >> text=Schedule turned off');

    await page.click('nav >> text=Lists');
    await page.waitForURL(`${baseUrl}/lists`);
    expect(await page.textContent('#lists')).toContain('Campaign people');
    await shoot('lists');
  });
});
