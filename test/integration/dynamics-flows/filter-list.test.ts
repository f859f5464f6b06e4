import { orgSizeForPeople } from '../../../dynamics-emulator';
import type { Row } from '../../../dynamics-emulator/schema/types';
import { lookupId, startDynamicsFlowFixture, type DynamicsFlowFixture } from './dynamics-fixture';

/** Lists of Dataverse contacts matching an OData $filter, evaluated by crm-sync over its local copy. */
describe('Dynamics 365 filter lists (OData $filter)', () => {
  let f: DynamicsFlowFixture;

  const contacts = () => f.emu.store.list('contact');
  const idsOf = (rows: Row[]) => rows.map((c) => String(c.contactid)).sort();
  const memberIds = async (listId: string) => (await f.app.models.ListMember.find({ listId }, { crmId: 1 }).lean()).map((m) => m.crmId).sort();
  const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');

  beforeAll(async () => {
    f = await startDynamicsFlowFixture('dynflows_filter', { seed: 31, org: orgSizeForPeople(300) });
    const first = await f.sync({ mode: 'full' });
    expect({ status: first.status, error: first.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
  });
  afterAll(() => f?.close());

  it('refuses a filter Dataverse would not run, or on a column the table lacks, with a 400 naming the problem', async () => {
    const post = (where: string, kind = 'filter') => f.marketer.post('/api/v1/lists', { connectionId: f.connectionId, name: 'Bad', source: { kind, object: 'Contact', where } });
    const problems = async (where: string) => (await post(where).expect(400)).body.error.details.problems;
    expect(await problems('new_shoesize eq 42')).toEqual([{ path: 'source.where', message: "unknown column 'new_shoesize' on contact (position 1)" }]);
    expect(await problems("new_customertier eq 'Gold'")).toEqual([
      {
        path: 'source.where',
        message:
          "new_customertier is a choice column: compare it with the option's value without quotes, e.g. 100000001 (got 'Gold' at position 21) (a choice compares by its option value, a number)",
      },
    ]);
    expect(await problems('new_customertier eq')).toEqual([{ path: 'source.where', message: 'syntax error: the filter ends too early, after eq at position 18' }]);
    // A lead's column is not a contact's.
    expect(await problems("companyname eq 'Contoso'")).toEqual([{ path: 'source.where', message: "unknown column 'companyname' on contact (position 1)" }]);
    // Salesforce's older name for the kind is not Dynamics' filter language.
    expect((await post('new_customertier eq 100000001', 'odata').expect(400)).body.error.message).toContain('source.kind');
    expect(await f.app.models.MarketingList.countDocuments({ name: 'Bad' })).toBe(0);
  });

  it('a filter list holds exactly the contacts matching the filter: choices by number, text in any case, rows with an empty column left out under not', async () => {
    const where = "(new_customertier ge 100000002 or contains(emailaddress1,'EXAMPLE.ORG')) and new_newsletteroptin eq true and not (jobtitle eq 'ceo')";
    const { listId, run } = await f.importList({ name: 'Engaged contacts', source: { kind: 'filter', object: 'Contact', where } });
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const expected = contacts().filter(
      (c) =>
        ((typeof c.new_customertier === 'number' && c.new_customertier >= 100000002) || text(c.emailaddress1).includes('example.org')) &&
        c.new_newsletteroptin === true &&
        text(c.jobtitle) !== '' &&
        text(c.jobtitle) !== 'ceo',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(contacts().length);
    expect(await memberIds(listId)).toEqual(idsOf(expected));
    const list = (await f.marketer.get(`/api/v1/lists/${listId}`).expect(200)).body;
    expect(list.source).toMatchObject({ kind: 'filter', object: 'Contact', where });
  });

  it('a filter on a lookup (a GUID in any case), In and a datetime, with and before or', async () => {
    const byAccount = new Map<string, number>();
    for (const c of contacts()) {
      const account = lookupId(c.parentcustomerid);
      if (account) byAccount.set(account, (byAccount.get(account) ?? 0) + 1);
    }
    const [account] = [...byAccount].sort((a, b) => b[1] - a[1])[0]!;
    const cutoff = '2024-07-01T00:00:00Z';
    const where = `_parentcustomerid_value eq ${account.toUpperCase()} or Microsoft.Dynamics.CRM.In(PropertyName='new_customertier',PropertyValues=['100000000']) and createdon lt ${cutoff}`;
    const { listId, run } = await f.importList({ name: 'Account and early bronze', source: { kind: 'filter', object: 'Contact', where } });
    expect({ status: run.status, error: run.error?.message ?? null }).toEqual({ status: 'succeeded', error: null });
    const expected = contacts().filter(
      (c) => lookupId(c.parentcustomerid) === account || (c.new_customertier === 100000000 && Date.parse(String(c.createdon)) < Date.parse(cutoff)),
    );
    expect(expected.filter((c) => lookupId(c.parentcustomerid) !== account).length).toBeGreaterThan(0);
    expect(await memberIds(listId)).toEqual(idsOf(expected));
  });

  it("the new-list page offers the filter source with Dynamics' label and example", async () => {
    const page = await f.session.agent.get(`/lists/new?connectionId=${f.connectionId}`).expect(200);
    expect(page.text).toContain('name="sourceKind" value="filter"');
    expect(page.text).toContain('matching a OData $filter');
    expect(page.text).toContain('placeholder="new_customertier eq 100000002 and contains(emailaddress1,&#39;example.org&#39;)');
  });
});
