import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../../dev-services/chromium';
import { createUser } from '../../harness/app-under-test';
import { waitFor } from '../../harness/wait-for';
import { startListFixture, type ListFixture } from '../lists/list-fixture';
import { refreshedSegmentCount } from './browser-app';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const ORG = { leads: 10, contacts: 80, accounts: 10, users: 3, opportunities: 60, campaigns: 2 };

/** A marketer builds a segment with a 1:many condition in headless Chromium, sees its live count, saves and refreshes it. */
describe('segment builder in a browser', () => {
  let f: ListFixture;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let listId: string;
  /** Script errors in the page: the builder must run without any (CSP refusals included). */
  const pageErrors: string[] = [];

  const numberIn = async (selector: string) => Number(((await page.textContent(selector)) ?? '').replace(/,/g, ''));

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    f = await startListFixture('segment_browser', { org: ORG, seed: 41 });
    ({ listId } = await f.importList({ name: 'All contacts', source: { kind: 'all_contacts' } }));
    server = await new Promise((resolve) => {
      const s = f.app.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: ensureChromium(() => {}),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await f?.close();
  });

  it('builds an "opportunity that is Closed Won AND over 10,000" segment, shows its live count, saves and refreshes it', async () => {
    const marketer = await createUser(f.models, 'marketer');
    await page.goto(`${baseUrl}/login`);
    await page.fill('input[name=email]', marketer.email);
    await page.fill('input[name=password]', marketer.password);
    await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button:has-text("Sign in")')]);

    await page.goto(`${baseUrl}/segments`);
    await page.click('a:has-text("Build a segment")');
    await page.waitForSelector('#segment-builder:not([hidden])');
    await page.fill('input[name=name]', 'Big won deals');

    // The visual builder: a 1:many condition whose two conditions hold on the same opportunity.
    await page.click('.sb-add-related');
    await page.selectOption('.sb-related .sb-condition >> nth=0 >> .sb-field', 'StageName');
    // Picklist values from the CRM's describe are offered as choices.
    const stages = await page.$$eval('.sb-related .sb-condition >> nth=0 >> .sb-value select option', (options) => options.map((o) => o.getAttribute('value')));
    expect(stages).toContain('Closed Won');
    await page.selectOption('.sb-related .sb-condition >> nth=0 >> .sb-value select', 'Closed Won');
    await page.click('.sb-related .sb-add-condition');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-field', 'Amount');
    await page.selectOption('.sb-related .sb-condition >> nth=1 >> .sb-op', 'gt');
    await page.fill('.sb-related .sb-condition >> nth=1 >> .sb-value input', '10000');

    const expected = (
      await f.marketer
        .post('/api/v1/segments/preview', {
          listId,
          query: { all: [{ related: 'Opportunity', match: 'any', where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] } }] },
        })
        .expect(200)
    ).body.count as number;
    expect(expected).toBeGreaterThan(0);
    await waitFor('the live count', async () => ((await page.textContent('#segment-live-count')) === expected.toLocaleString('en-US') ? true : undefined), 15_000);
    // The submitted value is the JSON the builder keeps in step.
    expect(JSON.parse(await page.inputValue('#segment-query'))).toEqual({
      all: [{ related: 'Opportunity', match: 'any', where: { all: [{ field: 'StageName', op: 'equals', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 10000 }] } }],
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'segment-builder.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/segments\/[0-9a-f]{24}$/), page.click('#segment-save')]);
    expect(await page.textContent('#segment-count')).toBe('—');
    await Promise.all([page.waitForURL(/\/segments\/[0-9a-f]{24}$/), page.click('#segment-refresh')]);
    const count = await refreshedSegmentCount(page);
    expect(count).toBe(expected);
    expect(await page.$$eval('#segment-members tbody tr', (rows) => rows.length)).toBe(Math.min(25, expected));
    expect(await numberIn('#segment-count')).toBe(expected);

    // Why is a member in it: the explain form shows the tree with the passing opportunity.
    const crmId = await page.getAttribute('#segment-members tbody tr >> nth=0', 'data-crm-id');
    await page.fill('input[name=crmId]', crmId ?? '');
    await page.click('button:has-text("Explain")');
    await page.waitForSelector('#explain-result[data-passes="true"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'segment-detail.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
