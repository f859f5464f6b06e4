import { orgSizeForPeople } from '../../../dynamics-emulator';
import { comparable, lookupId, startDynamicsFlowFixture, type DynamicsFlowFixture } from './dynamics-fixture';

const TABLES = ['systemuser', 'account', 'list', 'lead', 'contact', 'opportunity', 'listmember'] as const;
const TEN_MINUTES = 10 * 60_000;
const NOT_REPORTED = 'not reported by Microsoft Dynamics 365 (service protection limits: requests answered 429 are retried after the Retry-After the CRM gives)';

describe('Dynamics 365 through the CRM Administration sync', () => {
  let f: DynamicsFlowFixture;

  /** Every way the local copy differs from the org, as short lines; empty when equal. */
  async function differences(tables: readonly string[] = TABLES): Promise<string[]> {
    const found: string[] = [];
    for (const table of tables) {
      const idField = f.emu.store.table(table).primaryId;
      const inOrg = await f.orgRecords(table);
      const local = await f.localRecords(table);
      const localById = new Map(local.map((r) => [r.crmId, r.fields]));
      if (localById.size !== local.length) found.push(`${table}: ${local.length - localById.size} records stored twice`);
      const orgIds = new Set(inOrg.map((r) => String(r[idField])));
      const extra = [...localById.keys()].filter((id) => !orgIds.has(id));
      if (extra.length > 0) found.push(`${table}: ${extra.length} local records the org no longer has, e.g. ${extra.slice(0, 3).join(', ')}`);
      const columns = f.emu.store.table(table).columns;
      const choices = new Set(columns.filter((c) => ['Picklist', 'State', 'Status'].includes(c.type) && !c.multiSelect).map((c) => c.logicalName));
      const multiSelects = new Set(columns.filter((c) => c.multiSelect).map((c) => c.logicalName));
      // The connector hands the core choices as the option value's text and multi-select choices ';'-joined.
      const canonical = (field: string, value: unknown) =>
        choices.has(field) && typeof value === 'number' ? String(value) : multiSelects.has(field) && typeof value === 'string' ? value.split(',').join(';') : value;
      for (const record of inOrg) {
        const id = String(record[idField]);
        const fields = localById.get(id);
        if (!fields) {
          found.push(`${table} ${id}: missing locally`);
          continue;
        }
        for (const field of Object.keys(record).filter((k) => comparable(fields[k]) !== comparable(canonical(k, record[k])))) {
          found.push(`${table} ${id}.${field}: local ${JSON.stringify(fields[field])}, org ${JSON.stringify(record[field])}`);
        }
      }
    }
    return found.slice(0, 20);
  }

  beforeAll(async () => {
    f = await startDynamicsFlowFixture('dynflows_sync', { seed: 19, org: { ...orgSizeForPeople(300), listsPerPersonMax: 2 } }, { pageSize: 200, driftThresholdPercent: 50 });
    f.emu.store.setClock(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
  });
  afterAll(() => f?.close());

  it('a first sync of a Dynamics connection made through the API makes MongoDB equal the org, table by table', async () => {
    // The saved mapping added lead and contact columns: the mapping page says their next sync is full, and the sync clears it.
    const before = await f.admin.get(`/api/v1/connections/${f.connectionId}/mapping`).expect(200);
    expect([...before.body.fullSyncRequired].sort()).toEqual(['Contact', 'Lead']);
    const run = await f.sync({ mode: 'incremental' });
    expect(run.error?.message ?? null).toBeNull();
    expect(run.status).toBe('succeeded');
    for (const table of TABLES) expect({ table, inserted: run.counts[table]?.inserted }).toEqual({ table, inserted: f.emu.store.count(table) });
    expect(await differences()).toEqual([]);
    expect((await f.admin.get(`/api/v1/connections/${f.connectionId}/mapping`).expect(200)).body.fullSyncRequired).toEqual([]);
    // Dataverse reports no daily API allowance: the dashboard says so rather than a blank or 0 of 0.
    const dashboard = await f.session.agent.get('/').expect(200);
    expect(dashboard.text).toContain('not reported by Microsoft Dynamics 365');
    expect(dashboard.text).not.toContain(' of 0 today');
    // The run says so too, in its JSON and on its page, with the rate-limit waits it met (none here).
    expect(run.apiAllowance).toEqual({ reportedByCrm: false, text: NOT_REPORTED, rateLimitWaits: { waits: 0, waitedMs: 0, text: 'none' } });
    const page = await f.session.agent.get(`/runs/${run.id}`).expect(200);
    expect(page.text).toContain(`<dt>Daily API allowance</dt><dd data-field="api-allowance">${NOT_REPORTED}</dd>`);
    expect(page.text).toContain('<dt>Rate-limit waits</dt><dd data-field="rate-limit-waits">none</dd>');
    expect(page.text).not.toContain('daily usage');
  });

  it('contact views hold every lead and contact with its email, owner, account, opportunities and marketing lists', async () => {
    const stored = await f.app.models.ContactView.find({ connectionId: f.connectionId }).lean();
    const people = [...f.emu.store.list('lead'), ...f.emu.store.list('contact')];
    expect(stored.length).toBe(people.length);
    const byId = new Map(stored.map((v) => [String(v.crmId), v]));
    const listsOf = new Map<string, string[]>();
    for (const m of f.emu.store.list('listmember')) {
      const person = lookupId(m.entityid) as string;
      listsOf.set(person, [...(listsOf.get(person) ?? []), lookupId(m.listid) as string]);
    }
    for (const contact of f.emu.store.list('contact')) {
      const id = String(contact.contactid);
      const view = byId.get(id);
      expect({ id, email: view?.values.email ?? null }).toEqual({ id, email: contact.emailaddress1 ?? null });
      expect({ id, owner: view?.ownerId ?? null }).toEqual({ id, owner: lookupId(contact.ownerid) ?? null });
      const opportunities = f.emu.store.list('opportunity').filter((o) => lookupId(o.parentcontactid) === id).map((o) => String(o.opportunityid)).sort();
      expect({ id, opportunities: [...(view?.opportunityIds ?? [])].sort() }).toEqual({ id, opportunities });
      expect({ id, lists: [...(view?.campaignIds ?? [])].sort() }).toEqual({ id, lists: (listsOf.get(id) ?? []).sort() });
    }
  });

  it('edits and deletes in the org then an incremental sync converge: deleted rows are gone', async () => {
    f.emu.store.advanceClock(TEN_MINUTES);
    const membersBefore = f.emu.store.count('listmember');
    const contacts = f.emu.store.list('contact').slice(0, 12).map((c) => String(c.contactid));
    for (const id of contacts.slice(0, 8)) f.emu.store.update('contact', id, { jobtitle: `Changed ${id.slice(0, 4)}` });
    for (const id of contacts.slice(8)) f.emu.store.delete('contact', id);
    const lead = String(f.emu.store.list('lead')[0]?.leadid);
    f.emu.store.delete('lead', lead);
    const opportunity = String(f.emu.store.list('opportunity')[0]?.opportunityid);
    f.emu.store.update('opportunity', opportunity, { estimatedvalue: 123456 });
    const member = f.emu.store.list('listmember')[0];
    f.emu.store.removeListMember(lookupId(member?.listid) as string, lookupId(member?.entityid) as string);
    f.emu.store.insert('contact', { lastname: 'Newcomer', emailaddress1: 'newcomer@example.com' });

    // One request is answered 429 with a Retry-After of a second: the sync waits it out and the run counts the wait.
    f.emu.faults.resetInjectedCounts();
    f.emu.faults.failNext('SERVICE_PROTECTION');
    const run = await f.sync({ mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    expect(f.emu.faults.injectedCounts()).toEqual({ SERVICE_PROTECTION: 1 });
    expect(run.apiAllowance?.rateLimitWaits).toEqual({ waits: 1, waitedMs: 1000, text: '1 (1.0 s waited)' });
    const page = await f.session.agent.get(`/runs/${run.id}`).expect(200);
    expect(page.text).toContain('<dd data-field="rate-limit-waits">1 (1.0 s waited)</dd>');
    // Tables with change tracking: deletes arrive as the delta's removed entities.
    expect(run.counts.contact).toMatchObject({ mode: 'incremental', inserted: 1, updated: 8, deleted: 4 });
    expect(run.counts.lead).toMatchObject({ mode: 'incremental', deleted: 1 });
    // listmember tracks no changes and has no recycle bin: its removals are the drift check's id diff.
    expect(run.counts.listmember).toMatchObject({ mode: 'incremental', drift: { removed: membersBefore - f.emu.store.count('listmember') } });
    expect(await differences()).toEqual([]);
    const view = await f.app.models.ContactView.findOne({ connectionId: f.connectionId, crmId: contacts[8] }).lean();
    expect(view).toBeNull();
  });
});
