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
