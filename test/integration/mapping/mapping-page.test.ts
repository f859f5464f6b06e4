import { encodeForm, formFields, rowHtml, rowIndex, setRow } from './html-form';
import { startMappingFixture, type MappingFixture } from './mapping-fixture';

const FORMULA_NOTE = 'formula — fresh as of the last full sync';

describe('the mapping editor page against the emulated org', () => {
  let f: MappingFixture;
  const page = () => `/connections/${f.connectionId}/mapping`;
  const storedMapping = async () => (await f.t.models.Connection.findById(f.connectionId).lean())?.mapping ?? null;
  const post = (fields: Map<string, string>) => f.admin.agent.post(page()).type('form').send(encodeForm(fields));
  const adminForm = async () => formFields((await f.admin.agent.get(page()).expect(200)).text, page());

  beforeAll(async () => {
    f = await startMappingFixture('mapping_page');
  });
  afterAll(() => f?.close());

  it('renders field pickers from describe, flags formula fields, and suggests the email rows before anything is saved', async () => {
    const res = await f.admin.agent.get(page()).expect(200);
    expect(res.text).toContain('Nothing saved yet');
    expect(res.text).toContain(`<option value="Days_Since_Created__c">Days Since Created · Days_Since_Created__c · double · ${FORMULA_NOTE}</option>`);
    expect(res.text).toContain('<option value="Behavior_Score__c">Behavior Score · Behavior_Score__c · double</option>');
    const fields = formFields(res.text, page());
    expect(fields.get('_csrf')).toBe(f.admin.csrf);
    expect(fields.get('pushDefault')).toBe('allow');
    // The suggested email rows, then blank rows for each object.
    expect(rowIndex(fields, { crmObject: 'Lead', crmField: 'Email', target: 'standard:email' })).toBe(0);
    expect(rowIndex(fields, { crmObject: 'Contact', crmField: 'Email', target: 'standard:email' })).toBe(1);
    expect(rowIndex(fields, { crmObject: 'Lead', crmField: '', target: '' })).toBe(2);
    expect(rowIndex(fields, { crmObject: 'Contact', crmField: '', target: '' })).toBeGreaterThan(2);
  });

  it('saves a mapping from the form, ignoring blank rows, and says which objects get a full sync next', async () => {
    const fields = await adminForm();
    setRow(fields, rowIndex(fields, { crmObject: 'Lead', crmField: '' }), { crmField: 'Behavior_Score__c', target: 'custom', customName: 'behaviorScore', customType: 'Score' });
    setRow(fields, rowIndex(fields, { crmObject: 'Contact', crmField: '' }), { crmField: 'Behavior_Score__c', target: 'custom', customName: 'behaviorScore', customType: 'Score' });
    setRow(fields, rowIndex(fields, { crmObject: 'Lead', crmField: '' }), { crmField: 'Days_Since_Created__c', target: 'custom', customName: 'daysSinceCreated', customType: 'Number', allowPush: 'allow' });
    fields.set('pushDefault', 'deny');
    const saved = await post(fields).expect(302);
    expect(saved.headers.location).toBe(page());

    expect(await storedMapping()).toEqual({
      entries: [
        { crmObject: 'Lead', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
        { crmObject: 'Contact', crmField: 'Email', target: { kind: 'standard', field: 'email' } },
        { crmObject: 'Lead', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'behaviorScore', type: 'Score' } },
        { crmObject: 'Lead', crmField: 'Days_Since_Created__c', target: { kind: 'custom', name: 'daysSinceCreated', type: 'Number' }, allowPush: true },
        { crmObject: 'Contact', crmField: 'Behavior_Score__c', target: { kind: 'custom', name: 'behaviorScore', type: 'Score' } },
      ],
      pushPolicy: { default: 'deny' },
    });

    const after = await f.admin.agent.get(page()).expect(200);
    expect(after.text).toContain('Mapping saved. The next sync of Lead and Contact will be a full sync');
    expect(after.text).toContain('The next sync of <strong>Lead</strong> will be full');
    // A Score row offers no push choice; the formula row shows its flag beside the picker.
    expect(rowHtml(after.text, 2)).toContain('always pushed');
    expect(rowHtml(after.text, 2)).not.toContain('[allowPush]');
    expect(rowHtml(after.text, 3)).toContain(`<span class="badge mapping-formula">${FORMULA_NOTE}</span>`);
  });

  it('a refused save shows every broken rule at the top and each message at its row, keeping what was submitted', async () => {
    const before = await storedMapping();
    const fields = await adminForm();
    const contactEmail = rowIndex(fields, { crmObject: 'Contact', crmField: 'Email' });
    const leadScore = rowIndex(fields, { crmObject: 'Lead', crmField: 'Behavior_Score__c' });
    setRow(fields, contactEmail, { remove: '1' });
    setRow(fields, leadScore, { crmField: 'Days_Since_Created__c' });
    setRow(fields, rowIndex(fields, { crmObject: 'Contact', crmField: '' }), { crmField: 'Email', target: 'custom', customName: 'mail', customType: '' });

    const res = await post(fields).expect(400);
    expect(await storedMapping()).toEqual(before);
    const summary = res.text.slice(res.text.indexOf('data-mapping-problems'), res.text.indexOf('</ul>', res.text.indexOf('data-mapping-problems')));
    // The shape is checked before the rules: a row without a type is reported first, alone.
    expect([...summary.matchAll(/data-rule="([\w-]+)"/g)].map((m) => m[1])).toEqual(['invalid-shape']);

    // Once the type is chosen, every rule runs: the formula field is named at its row, the missing Contact email at the top.
    const typed = formFields(res.text, page());
    setRow(typed, rowIndex(typed, { crmObject: 'Contact', customName: 'mail' }), { customType: 'Text' });
    const again = await post(typed).expect(400);
    expect(again.text).toContain('data-rule="score-not-pushable"');
    expect(again.text).toContain('data-rule="email-required"');
    const scoreRow = rowHtml(again.text, leadScore);
    expect(scoreRow).toContain('class="mapping-row-invalid"');
    expect(scoreRow).toMatch(/<p class="field-error" id="row-\d+-crmField-error">Lead field &#39;Days_Since_Created__c&#39; is a formula field/);
    expect(scoreRow).toContain('<option value="Days_Since_Created__c" selected>');
    // The removed row is still shown, still ticked, so the admin sees what they asked for.
    expect(formFields(again.text, page()).get(`rows[${contactEmail}][remove]`)).toBe('1');
    expect(await storedMapping()).toEqual(before);
  });

  it('names the custom-type problem at its row when a custom field has no type', async () => {
    const fields = await adminForm();
    const blank = rowIndex(fields, { crmObject: 'Contact', crmField: '' });
    setRow(fields, blank, { crmField: 'Customer_Tier__c', target: 'custom', customName: 'tier', customType: '' });
    const res = await post(fields).expect(400);
    // Rows are shown again as submitted, blank ones after them, so the row is found by what it holds.
    const shown = rowIndex(formFields(res.text, page()), { crmObject: 'Contact', customName: 'tier' });
    expect(rowHtml(res.text, shown)).toContain('choose the custom field&#39;s type (Boolean, Date, Datetime, Text, Number, Score, Email, MultiText)');
  });

  it('removing a row through its checkbox removes the entry and needs no full sync', async () => {
    await f.t.models.SyncState.updateMany({ connectionId: f.connectionId }, { $set: { fullSyncRequested: null } });
    const fields = await adminForm();
    setRow(fields, rowIndex(fields, { crmObject: 'Lead', crmField: 'Days_Since_Created__c' }), { remove: '1' });
    await post(fields).expect(302);
    expect(await storedMapping()).toMatchObject({ entries: expect.not.arrayContaining([expect.objectContaining({ crmField: 'Days_Since_Created__c' })]) });
    expect((await f.admin.agent.get(page()).expect(200)).text).toContain('No CRM field was added, so the next sync stays incremental.');
  });

  it('refuses a form save without the CSRF token', async () => {
    const before = await storedMapping();
    const fields = await adminForm();
    fields.delete('_csrf');
    await post(fields).expect(403);
    expect(await storedMapping()).toEqual(before);
  });

  it('ops see the mapping read-only and may not save it; marketers may not see it', async () => {
    const res = await f.ops.agent.get(page()).expect(200);
    expect(res.text).not.toContain(`action="${page()}"`);
    expect(res.text).not.toContain('name="rows[');
    expect(res.text).toContain('data-read-only');
    expect(res.text).toContain('Behavior Score (Behavior_Score__c, double)');
    expect(res.text).toContain('always pushed');
    expect(res.text).toContain('Default push policy: <strong>deny</strong>');
    await f.ops.agent.post(page()).type('form').send({ _csrf: f.ops.csrf }).expect(403);
    await f.marketer.agent.get(page()).expect(403);
  });

  it('when the CRM cannot be described, the page shows its message and keeps the stored mapping visible', async () => {
    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    const admin = await f.admin.agent.get(page()).expect(200);
    expect(admin.text).toContain('TotalRequests Limit exceeded.');
    const fields = formFields(admin.text, page());
    expect(fields.get('rows[0][crmField]')).toBe('Email');
    expect(admin.text).toContain('<input name="rows[0][crmField]" value="Email"');

    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    const ops = await f.ops.agent.get(page()).expect(200);
    expect(ops.text).toContain('TotalRequests Limit exceeded.');
    expect(ops.text).toContain('<td>Behavior_Score__c</td>');

    // A save while the CRM refuses keeps the submitted rows and says why.
    f.emulator.faults.failNext('REQUEST_LIMIT_EXCEEDED', 1);
    const refused = await post(fields).expect(502);
    expect(refused.text).toContain('TotalRequests Limit exceeded.');
    expect(formFields(refused.text, page()).get('rows[0][crmField]')).toBe('Email');
    f.emulator.faults.clear();
  });

  it('an unknown or malformed connection id is a 404 page', async () => {
    await f.admin.agent.get('/connections/64b0000000000000000000aa/mapping').expect(404);
    await f.admin.agent.get('/connections/not-an-id/mapping').expect(404);
    await f.admin.agent.post('/connections/not-an-id/mapping').type('form').send({ _csrf: f.admin.csrf }).expect(404);
  });
});
