import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_CREDENTIALS, orgSizeForPeople, startSugarEmulator, type Row, type RunningSugarEmulator } from '../../../sugar-emulator';
import { waitFor } from '../../harness/wait-for';
import { blankMappingRow, openNewConnectionForm, setUpFirstAdmin, finishedRun, importCampaignList, openBrowserApp, openSegmentBuilder, refreshedSegmentCount, runPipeline, type BrowserApp } from './browser-app';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/**
 * A person's path through the real app with SugarCRM: connect through the form, test, sync, map, see the
 * org's people as contacts; then import a Target List, segment it over opportunities, score it with a
 * program and run the pipeline, which pushes the scores back to SugarCRM.
 */
describe('SugarCRM in a browser', () => {
  let emu: RunningSugarEmulator;
  let app: BrowserApp;
  let baseUrl: string;
  let page: Page;
  /** The connection the first test makes; the second goes on from it. */
  let connectionUrl: string;
  const pageErrors: string[] = [];

  const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `sugar-${name}.png`), fullPage: true });

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
    await setUpFirstAdmin(app, { name: 'Sam Admin', email: 'sam@example.com' });
    // The connection form with SugarCRM chosen: the platform and Sugar's own OAuth client come filled in.
    await openNewConnectionForm(app, 'sugar');
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
    connectionUrl = page.url();
    const connectionId = connectionUrl.split('/').pop() as string;
    expect(await page.textContent('dl')).toContain('sugar');

    await page.click('button:has-text("Test connection")');
    const tested = await page.waitForSelector('.flash:not(:has-text("saved"))', { timeout: 30_000 });
    expect(await tested.getAttribute('class')).not.toContain('flash-error');
    expect(await tested.textContent()).toContain('Connected');
    expect(await page.content()).not.toContain(DEMO_CREDENTIALS.password);

    // The first sync brings the CRM's modules, which feed the mapping editor.
    await page.click('button:has-text("Full sync now")');
    expect(await finishedRun(page)).toBe('succeeded');

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
    expect(await finishedRun(page)).toBe('succeeded');
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

  it('imports a Target List, builds a segment over open opportunities, scores its contacts with a program and pushes the scores to SugarCRM through the pipeline', async () => {
    const store = emu.store;
    const numberIn = async (selector: string) => Number(((await page.textContent(selector)) ?? '').replace(/,/g, ''));

    // The Target List of contacts with the most members: opportunities relate to contacts only.
    const targetList = store
      .list('ProspectLists')
      .map((l) => ({ id: String(l.id), members: store.listMembers(String(l.id)) }))
      .filter((l) => l.members.length > 0 && l.members.every((m) => m.module === 'Contacts'))
      .sort((a, b) => b.members.length - a.members.length)[0]!;
    expect(targetList).toBeDefined();
    const memberIds = targetList.members.map((m) => m.id).sort();
    const { listId, listUrl } = await importCampaignList(app, 'Target list people', targetList.id);
    expect(await numberIn('#member-count')).toBe(memberIds.length);
    await shoot('list-detail');

    // Who the segment must hold, from the emulator's own records and join rows: the list's contacts
    // related to an open opportunity (neither Closed Won nor Closed Lost) worth more than a third of them.
    const CLOSED = ['Closed Won', 'Closed Lost'];
    const amountOf = (o: Row) => Number(o.amount ?? 0);
    const amounts = store.list('Opportunities').map(amountOf).sort((a, b) => a - b);
    const threshold = Math.floor(amounts[Math.floor(amounts.length / 3)] as number);
    const bigOpen = new Set(store.list('Opportunities').filter((o) => !CLOSED.includes(String(o.sales_stage)) && amountOf(o) > threshold).map((o) => String(o.id)));
    const withBigOpenDeal = new Set(store.relationshipRows('opportunities_contacts').filter((r) => bigOpen.has(r.lhsId)).map((r) => r.rhsId));
    const expected = memberIds.filter((id) => withBigOpenDeal.has(id));
    // Neither nobody nor everybody: a condition ignored or always false would show.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(memberIds.length);

    await openSegmentBuilder(app, listId, 'Big open deals');
    await page.click('.sb-add-related');
    await page.selectOption('.sb-related .sb-condition >> nth=0 >> .sb-field', 'sales_stage');
    await page.selectOption('.sb-related .sb-condition >> nth=0 >> .sb-op', 'not_in');
    // Sugar's dropdown keys are offered as the choices.
    const stageSelect = page.locator('.sb-related .sb-condition').nth(0).locator('.sb-value select');
    expect(await stageSelect.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Prospecting', ...CLOSED]));
    await stageSelect.selectOption(CLOSED);
    await page.click('.sb-related .sb-add-condition');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-field', 'amount');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-op', 'gt');
    await page.fill('.sb-related .sb-condition >> nth=1 >> .sb-value input', String(threshold));
    await waitFor('the live count', async () => ((await page.textContent('#segment-live-count')) === expected.length.toLocaleString('en-US') ? true : undefined), 30_000);
    await shoot('segment-builder');
    await Promise.all([page.waitForURL(/\/segments\/[0-9a-f]{24}$/), page.click('#segment-save')]);
    const segmentUrl = page.url();
    const segmentId = segmentUrl.split('/').pop() as string;
    const segmentQuery = JSON.parse((await page.textContent('.segment-json pre')) ?? '') as unknown;
    expect(segmentQuery).toMatchObject({ all: [{ related: 'Opportunity', where: { all: [{ field: 'sales_stage', op: 'not_in', value: CLOSED }, { field: 'amount', op: 'gt', value: threshold }] } }] });

    // A program scores the list: 10 for everyone, 90 for those with a big open deal (the segment's query as its condition).
    const LOW = 10;
    const HIGH = 90;
    await page.goto(`${baseUrl}/programs/new`);
    await page.fill('input[name=name]', 'Score big open deals');
    await page.selectOption('select[name=listId]', listId);
    const steps = [
      { kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: LOW } },
      { kind: 'change_field', field: 'behaviorScore', set: { kind: 'constant', value: HIGH }, when: segmentQuery },
    ];
    await page.fill('textarea[name=stepsJson]', JSON.stringify(steps, null, 2));
    await Promise.all([page.waitForURL(/\/programs\/[0-9a-f]{24}$/), page.click('button:has-text("Save")')]);
    const programId = page.url().split('/').pop() as string;
    const scoreOf = (id: string) => (expected.includes(id) ? HIGH : LOW);
    const scoresBefore = new Map(store.list('Contacts').map((c) => [String(c.id), c.behavior_score_c]));
    const toWrite = memberIds.filter((id) => scoresBefore.get(id) !== scoreOf(id));
    expect(toWrite.length).toBeGreaterThan(0);

    // The pipeline from the connection page: CRM sync, the program, the list's sync (which pushes), the segment.
    const pipeline = await runPipeline(page, connectionUrl);
    expect(pipeline.status).toBe('succeeded');
    expect(pipeline.steps.map(([step]) => step).sort()).toEqual(['crm-admin-sync', `list:${listId}`, `program:${programId}`, `segment:${segmentId}`].sort());
    for (const [step, status] of pipeline.steps) expect({ step, status }).toEqual({ step, status: 'succeeded' });
    await shoot('pipeline-run');

    // The list's sync run says how many records it updated in the CRM.
    await page.click(`#pipeline-steps tr[data-step="list:${listId}"] a`);
    expect(await finishedRun(page)).toBe('succeeded');
    expect({ pushed: await numberIn('#list-run-push [data-count="pushed"]'), failed: await numberIn('#list-run-push [data-count="failed"]') }).toEqual({ pushed: toWrite.length, failed: 0 });

    // The list's page shows every member's score, and SugarCRM holds the same score for each.
    await page.goto(`${listUrl}?perPage=200`);
    const scoreColumn = (await page.$$eval('#members thead th', (ths) => ths.map((th) => th.textContent?.trim()))).indexOf('behaviorScore');
    expect(scoreColumn).toBeGreaterThan(0);
    const shown = await page.$$eval(
      '#members tbody tr[data-crm-id]',
      (rows, column) => rows.map((r) => [r.getAttribute('data-crm-id') ?? '', r.querySelectorAll('td')[column]?.textContent ?? ''] as [string, string]),
      scoreColumn,
    );
    expect(shown.map(([id]) => id).sort()).toEqual(memberIds);
    for (const [id, score] of shown) {
      expect({ id, list: Number(score), sugar: store.get('Contacts', id)?.behavior_score_c }).toEqual({ id, list: scoreOf(id), sugar: scoreOf(id) });
    }
    // Nobody outside the list was written.
    const changedElsewhere = store.list('Contacts').filter((c) => !memberIds.includes(String(c.id)) && c.behavior_score_c !== scoresBefore.get(String(c.id)));
    expect(changedElsewhere).toEqual([]);
    await shoot('list-scored');

    // The segment, refreshed by the pipeline, holds exactly the expected contacts.
    await page.goto(segmentUrl);
    expect(await refreshedSegmentCount(page)).toBe(expected.length);
    expect((await page.$$eval('#segment-members tbody tr[data-crm-id]', (rows) => rows.map((r) => r.getAttribute('data-crm-id') ?? ''))).sort()).toEqual(expected);
    await shoot('segment-detail');
    expect(pageErrors).toEqual([]);
    expect(emu.stats.deletes).toBe(0);
  }, 90_000);
});
