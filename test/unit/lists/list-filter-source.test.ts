import { DYNAMICS_MODEL } from '../../../domain/crm/dynamics/dynamics-model';
import { crmDefinition } from '../../../domain/crm/crm-registry';
import { ListInputError, personObjectsOf, requireListFilter } from '../../../domain/lists/list-definition';
import { listSourceInput } from '../../../domain/lists/list-input';

describe('the filter list source', () => {
  it("takes Salesforce's older name 'soql' from the API and forms, and reads it as 'filter'", () => {
    expect(listSourceInput.parse({ kind: 'soql', where: "LeadSource = 'Web'" })).toEqual({ kind: 'filter', object: 'Lead', where: "LeadSource = 'Web'" });
    expect(listSourceInput.parse({ kind: 'filter', object: 'Contact', where: 'IsDeleted = false' })).toEqual({ kind: 'filter', object: 'Contact', where: 'IsDeleted = false' });
    expect(listSourceInput.safeParse({ kind: 'everyone' }).success).toBe(false);
    expect(personObjectsOf({ kind: 'filter', object: 'Contact' })).toEqual(['Contact']);
  });

  it("is Salesforce's WHERE clause, parsed and matched through the registry", () => {
    const filter = requireListFilter(crmDefinition('salesforce'));
    const parsed = filter.parse("LeadSource = 'Web'", 'Lead', [{ name: 'LeadSource', label: 'Lead Source', type: 'picklist' } as never]);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.fieldsUsed).toEqual(['LeadSource']);
    expect(filter.matches(parsed.compiled, { LeadSource: 'Web' }, new Date())).toBe(true);
    expect(filter.matches(parsed.compiled, { LeadSource: 'Phone' }, new Date())).toBe(false);
  });

  it("is Dynamics 365's OData $filter, parsed and matched through the registry, under no other kind name", () => {
    const filter = requireListFilter(crmDefinition('dynamics'));
    const parsed = filter.parse('new_customertier eq 100000001', 'Contact', [{ name: 'new_customertier', label: 'Customer Tier', type: 'picklist' } as never]);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.fieldsUsed).toEqual(['new_customertier']);
    expect(filter.matches(parsed.compiled, { new_customertier: '100000001' }, new Date())).toBe(true);
    expect(filter.matches(parsed.compiled, { new_customertier: '100000002' }, new Date())).toBe(false);
    expect(filter.parse("new_customertier eq 'Gold'", 'Lead', [])).toEqual({ ok: false, problem: "unknown column 'new_customertier' on lead (position 1)" });
    expect(filter.kindAliases).toEqual([]);
    expect(DYNAMICS_MODEL.listFilter?.label).toBe('OData $filter');
  });

  it('is refused, naming source.kind, for a CRM that offers no filter', () => {
    const withoutFilter = { model: { ...DYNAMICS_MODEL, label: 'A CRM without filters', listFilter: null } };
    expect(() => requireListFilter(withoutFilter)).toThrow(ListInputError);
    // The API's 400 lists each problem by its path (ListInputError's message joins them).
    expect(() => requireListFilter(withoutFilter)).toThrow(/^source\.kind: A CRM without filters offers no filter list source/);
  });
});
