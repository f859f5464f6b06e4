import { currency, defineObject, int, ownerField, phone, picklist, reference, systemFields, text, textarea, url } from './field-builders';
import { INDUSTRIES } from './lead';

export const accountObject = defineObject({
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  fields: [
    ...systemFields(),
    text('Name', 'Account Name', 255, { nillable: false, required: true }),
    picklist('Type', 'Account Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']),
    reference('ParentId', 'Parent Account ID', ['Account'], 'Parent'),
    picklist('Industry', 'Industry', INDUSTRIES),
    currency('AnnualRevenue', 'Annual Revenue'),
    int('NumberOfEmployees', 'Employees'),
    phone('Phone', 'Account Phone'),
    url('Website', 'Website'),
    text('BillingCity', 'Billing City', 40),
    text('BillingState', 'Billing State/Province', 80),
    text('BillingCountry', 'Billing Country', 80),
    textarea('Description', 'Account Description'),
    ownerField(),
  ],
});
