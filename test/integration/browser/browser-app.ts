import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../../dev-services/chromium';
import { buildTestApp, type AppUnderTest } from '../../harness/app-under-test';
import { connectTestModels, startTestWorker, testSecretBox, type RunningTestWorker } from '../../harness/services';
import { waitFor } from '../../harness/wait-for';

/** The real app, a worker and headless Chromium on one page, as every browser test starts them. */
export interface BrowserApp {
  t: AppUnderTest;
  worker: RunningTestWorker;
  baseUrl: string;
  browser: Browser;
  page: Page;
  /** Stops the browser, the server and the worker, and drops the test database. */
  close(): Promise<void>;
}

export async function openBrowserApp(database: string, viewport: { width: number; height: number }): Promise<BrowserApp> {
  const models = await connectTestModels(database);
  const box = testSecretBox();
  const worker = await startTestWorker(models, box);
  const t = await buildTestApp(database, { models, box, taskQueue: worker.taskQueue });
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: ensureChromium(() => {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport });
  return {
    t,
    worker,
    baseUrl,
    browser,
    page,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      await worker.stop();
      await t.models.db.dropDatabase();
      await t.models.db.close();
      await t.close();
    },
  };
}

/** The index of the first mapping-editor row of this object with no CRM field chosen. */
export async function blankMappingRow(page: Page, crmObject: string): Promise<number> {
  const index = await page.$$eval(
    'tr[data-row]',
    (rows, object) => {
      const valueOf = (r: (typeof rows)[number], selector: string) => (r.querySelector(selector) as unknown as { value: string } | null)?.value;
      const row = rows.find((r) => valueOf(r, 'input[name$="[crmObject]"]') === object && valueOf(r, 'select[name$="[crmField]"]') === '');
      return row ? Number(row.getAttribute('data-row')) : -1;
    },
    crmObject,
  );
  if (index < 0) throw new Error(`no blank ${crmObject} row in the mapping editor`);
  return index;
}

/**
 * The count a segment page shows once its refresh is done: the page is reloaded every 300 ms while
 * it shows no count yet (—) or says it is refreshing.
 */
export function refreshedSegmentCount(page: Page, timeoutMs = 60_000): Promise<number> {
  return waitFor(
    'the refreshed segment count',
    async () => {
      const text = (await page.textContent('#segment-count')) ?? '—';
      if (text !== '—' && !(await page.$('#segment-refreshing'))) return Number(text.replace(/,/g, ''));
      await page.waitForTimeout(300);
      await page.reload();
      return undefined;
    },
    timeoutMs,
  );
}

/** Follows a run page until the run has finished; returns its status from the page loaded afresh. */
export async function finishedRun(page: Page, timeoutMs = 60_000): Promise<string> {
  await page.waitForURL(/\/runs\/[0-9a-f]{24}$/);
  const runUrl = page.url();
  await page.waitForSelector('[data-run-status][data-status="succeeded"], [data-run-status][data-status="failed"]', { timeout: timeoutMs });
  // The page reloads itself when the status changes; load it afresh so what is read is the finished page.
  await page.goto(runUrl);
  return (await page.getAttribute('[data-run-status]', 'data-status')) ?? '';
}

/**
 * Imports a list of a CRM campaign's members (a Target List, a marketing list) through the form with
 * every mapped field, and waits for the background import to finish; returns the list's page.
 */
export async function importCampaignList(app: BrowserApp, name: string, campaignId: string, timeoutMs = 120_000): Promise<{ listId: string; listUrl: string }> {
  const { page, baseUrl, t } = app;
  await page.goto(`${baseUrl}/lists/new`);
  if (await page.$('select[name=connectionId]')) await Promise.all([page.waitForURL(/connectionId=/), page.click('button:has-text("Next")')]);
  await page.fill('input[name=name]', name);
  await page.check('input[name=sourceKind][value=campaign]');
  await page.selectOption('select[name=campaignId]', campaignId);
  await page.click('button:has-text("Import list")');
  await page.waitForURL(/\/lists\/[0-9a-f]{24}$/);
  const listUrl = page.url();
  const listId = listUrl.split('/').pop() as string;
  await waitFor('the import to finish', async () => ((await t.models.MarketingList.findById(listId).lean())?.importedAt ? true : undefined), timeoutMs);
  await page.goto(listUrl);
  return { listId, listUrl };
}

/** Opens the segment builder on a list's members and names the segment. */
export async function openSegmentBuilder(app: BrowserApp, listId: string, name: string): Promise<void> {
  const { page, baseUrl } = app;
  await page.goto(`${baseUrl}/segments`);
  await page.click('a:has-text("Build a segment")');
  await page.waitForSelector('#segment-builder:not([hidden]), button:has-text("Continue")');
  if (await page.$('select[name=listId]')) {
    await page.selectOption('select[name=listId]', listId);
    await page.click('button:has-text("Continue")');
    await page.waitForSelector('#segment-builder:not([hidden])');
  }
  await page.fill('input[name=name]', name);
}

/** Presses "Run pipeline" on a connection's page and waits for the run; returns its status and each step's [id, status]. */
export async function runPipeline(page: Page, connectionUrl: string, timeoutMs = 240_000): Promise<{ status: string; steps: [string, string][] }> {
  await page.goto(connectionUrl);
  await page.click('button:has-text("Run pipeline")');
  const status = await finishedRun(page, timeoutMs);
  await page.waitForSelector('#pipeline-steps');
  const steps = await page.$$eval('#pipeline-steps tr[data-step]', (rows) => rows.map((r) => [r.getAttribute('data-step') ?? '', r.getAttribute('data-step-status') ?? ''] as [string, string]));
  return { status, steps };
}

/** The first visit of a fresh install: the setup form creates the first admin, who is then signed in. */
export async function setUpFirstAdmin(app: BrowserApp, admin: { name: string; email: string }): Promise<void> {
  const { page, baseUrl } = app;
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(`${baseUrl}/setup`);
  await page.fill('input[name=name]', admin.name);
  await page.fill('input[name=email]', admin.email);
  await page.fill('input[name=password]', 'long-enough-pw');
  await page.fill('input[name=confirm]', 'long-enough-pw');
  await page.click('button[type=submit]');
  await page.waitForURL(`${baseUrl}/`);
}

/** From the Connections page to the new-connection form with a CRM chosen. */
export async function openNewConnectionForm(app: BrowserApp, crm: string): Promise<void> {
  const { page, baseUrl } = app;
  await page.click('nav >> text=Connections');
  await page.waitForURL(`${baseUrl}/connections`);
  await page.click('a:has-text("New connection"), a:has-text("Connect Salesforce")');
  await page.waitForURL(/\/connections\/new/);
  await page.click(`.crm-choice a[data-crm="${crm}"]`);
  await page.waitForURL(`${baseUrl}/connections/new?crm=${crm}`);
}
