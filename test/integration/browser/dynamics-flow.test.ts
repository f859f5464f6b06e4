import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CREDENTIALS, orgSizeForPeople, startDynamicsEmulator, type FieldValue, type RunningDynamicsEmulator } from '../../../dynamics-emulator';
import type { AppUnderTest } from '../../harness/app-under-test';
import { blankMappingRow, openNewConnectionForm, setUpFirstAdmin, finishedRun, importCampaignList, openBrowserApp, openSegmentBuilder, refreshedSegmentCount, runPipeline, type BrowserApp } from './browser-app';
import { waitFor } from '../../harness/wait-for';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const lookupId = (value: FieldValue | undefined) => (value && typeof value === 'object' && 'id' in value ? String(value.id) : undefined);

/** A person's path through the real app with Microsoft Dynamics 365: connect, map, import a marketing list, segment over opportunities, the pipeline. */
describe('Dynamics 365 in a browser', () => {
  let emu: RunningDynamicsEmulator;
  let app: BrowserApp;
  let t: AppUnderTest;
  let baseUrl: string;
  let page: Page;
  const pageErrors: string[] = [];

  const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `dynamics-${name}.png`), fullPage: true });
  const numberIn = async (selector: string) => Number(((await page.textContent(selector)) ?? '').replace(/,/g, ''));

  /** The index of the first mapping-editor row of this core object with no field chosen. */
  const blankRow = (crmObject: string) => blankMappingRow(page, crmObject);

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    emu = await startDynamicsEmulator({ seed: 31, org: { ...orgSizeForPeople(200), listsPerPersonMax: 2 } });
    app = await openBrowserApp('browser_dynamics', { width: 1280, height: 900 });
    ({ t, baseUrl, page } = app);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await app?.close();
    await emu?.close();
  });

  it('connects a Dynamics 365 org, maps its fields, imports a marketing list, builds an opportunity segment and runs the pipeline', async () => {
    await setUpFirstAdmin(app, { name: 'Dana Admin', email: 'dana@example.com' });
    // The connection form with Dynamics 365 chosen as the CRM.
    await openNewConnectionForm(app, 'dynamics');
    await page.waitForSelector('input[name=environmentUrl]');
    await page.fill('input[name=name]', 'Emulated Dynamics org');
    await page.fill('input[name=environmentUrl]', emu.url);
    await page.fill('input[name=tenantId]', DEMO_CREDENTIALS.tenantId);
    await page.fill('input[name=loginUrl]', emu.url);
    await page.fill('input[name=clientId]', DEMO_CREDENTIALS.clientId);
    await page.fill('input[name=clientSecret]', DEMO_CREDENTIALS.clientSecret);
    await shoot('connection-form');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/connections\/[0-9a-f]{24}$/);
    await page.waitForSelector('.flash-ok >> text=saved');
    const connectionUrl = page.url();
    expect(await page.textContent('dl')).toContain('dynamics');

    await page.click('button:has-text("Test connection")');
    const tested = await page.waitForSelector('.flash:not(:has-text("saved"))', { timeout: 30_000 });
    expect(await tested.getAttribute('class')).not.toContain('flash-error');
    expect(await tested.textContent()).toContain('Connected to organization');
    expect(await page.content()).not.toContain(DEMO_CREDENTIALS.clientSecret);
    await shoot('connection-tested');

    // The first sync (no mapping yet: the CRM's tables land locally, which feeds the mapping editor and the list sources).
    await page.goto(connectionUrl);
    await page.click('button:has-text("Full sync now")');
    expect(await finishedRun(page, 120_000)).toBe('succeeded');
    await shoot('first-sync');

    // The mapping editor: email, names, new_behaviorscore as a Score, on both person kinds. The editor
    // offers two blank rows per object, so the mapping is saved in two passes, as a user would.
    await page.goto(`${connectionUrl}/mapping`);
    await page.waitForSelector('button:has-text("Save mapping")');
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
      const row = await blankRow(crmObject);
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
      expect(saved.status()).toBe(302);
      await page.waitForURL(`${connectionUrl}/mapping`);
      await page.waitForSelector('.flash-ok >> text=Mapping saved');
    }
    for (const crmObject of ['Lead', 'Contact']) {
      await pick(crmObject, 'emailaddress1', 'standard:email');
      await pick(crmObject, 'new_behaviorscore', 'custom');
      await pick(crmObject, 'firstname', 'standard:firstName');
    }
    await saveMapping();
    for (const crmObject of ['Lead', 'Contact']) await pick(crmObject, 'lastname', 'standard:lastName');
    await saveMapping();
    await shoot('mapping-editor');
    const mapping = (await t.models.Connection.findOne({}, { mapping: 1 }).lean())?.mapping as { entries: { crmObject: string; crmField: string }[] } | null;
    expect(mapping?.entries.map((e) => `${e.crmObject}.${e.crmField}`).sort()).toEqual(
      ['Contact', 'Lead'].flatMap((o) => ['emailaddress1', 'firstname', 'lastname', 'new_behaviorscore'].map((f) => `${o}.${f}`)).sort(),
    );

    // A list imported from the static marketing list with the most members.
    const store = emu.store;
    const marketingList = store
      .list('list')
      .filter((l) => l.type === false && l.createdfromcode === 2)
      .map((l) => ({ list: l, members: store.list('listmember').filter((m) => lookupId(m.listid) === l.listid).length }))
      .sort((a, b) => b.members - a.members)[0]!;
    expect(marketingList.members).toBeGreaterThan(0);
    await page.click('nav >> text=Lists');
    await page.waitForURL(`${baseUrl}/lists`);
    const { listId, listUrl } = await importCampaignList(app, 'Marketing list people', String(marketingList.list.listid));
    expect(await numberIn('#member-count')).toBe(marketingList.members);
    await shoot('list-detail');

    // A segment of the list's contacts with an open opportunity over a value, built in the segment builder.
    const values = store.list('opportunity').map((o) => Number(o.estimatedvalue ?? 0)).sort((a, b) => a - b);
    const threshold = Math.floor(values[Math.floor(values.length / 3)] as number);
    const onList = new Set(store.list('listmember').filter((m) => lookupId(m.listid) === marketingList.list.listid).map((m) => lookupId(m.entityid)));
    const withBigOpenDeal = new Set(
      store
        .list('opportunity')
        .filter((o) => o.statecode === 0 && Number(o.estimatedvalue ?? 0) > threshold)
        .map((o) => lookupId(o.parentcontactid)),
    );
    const expected = store.list('contact').filter((c) => onList.has(String(c.contactid)) && withBigOpenDeal.has(String(c.contactid))).length;
    expect(expected).toBeGreaterThan(0);

    await openSegmentBuilder(app, listId, 'Big open deals');
    await page.click('.sb-add-related');
    await page.selectOption('.sb-related .sb-condition >> nth=0 >> .sb-field', 'statecode');
    // A choice is offered by its label; the query keeps the option value Dataverse stores.
    const stateSelect = page.locator('.sb-related .sb-condition').nth(0).locator('.sb-value select');
    expect(await stateSelect.locator('option').allTextContents()).toEqual(['Open', 'Won', 'Lost']);
    await stateSelect.selectOption({ label: 'Open' });
    expect(await page.inputValue('#segment-query')).toContain('"value": "0"');
    await page.click('.sb-related .sb-add-condition');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-field', 'estimatedvalue');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-op', 'gt');
    await page.fill('.sb-related .sb-condition >> nth=1 >> .sb-value input', String(threshold));
    await waitFor('the live count', async () => ((await page.textContent('#segment-live-count')) === expected.toLocaleString('en-US') ? true : undefined), 30_000);
    await shoot('segment-builder');
    await Promise.all([page.waitForURL(/\/segments\/[0-9a-f]{24}$/), page.click('#segment-save')]);
    const segmentUrl = page.url();
    const segmentId = segmentUrl.split('/').pop() as string;
    const saved = await t.models.Segment.findById(segmentId).lean();
    expect(saved?.query).toMatchObject({ all: [{ related: 'Opportunity', where: { all: [{ field: 'statecode', op: 'equals', value: '0' }, { field: 'estimatedvalue' }] } }] });

    // The pipeline from the connection page: CRM sync, the list's sync, its segments.
    const { status, steps } = await runPipeline(page, connectionUrl);
    expect(status).toBe('succeeded');
    expect(steps).toEqual(expect.arrayContaining([['crm-admin-sync', 'succeeded'], [`list:${listId}`, 'succeeded'], [`segment:${segmentId}`, 'succeeded']]));
    for (const [, status] of steps) expect(status).toBe('succeeded');
    await shoot('pipeline-run');

    // What the user sees afterwards: the list still has the marketing list's members; the segment the computed contacts.
    await page.goto(listUrl);
    expect(await numberIn('#member-count')).toBe(marketingList.members);
    await page.goto(segmentUrl);
    const count = await refreshedSegmentCount(page);
    expect(count).toBe(expected);
    await shoot('segment-detail');
    expect(pageErrors).toEqual([]);
    expect(emu.stats.deletes).toBe(0);
  });
});
