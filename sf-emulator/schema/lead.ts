import {
  checkbox, composeName, currency, date, defineObject, email, int, ownerField, phone, picklist, readOnly, reference,
  systemFields, text, textarea, url,
} from './field-builders';
import { marketingFields } from './marketing-fields';

export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other', 'Webinar', 'Trade Show'];
export const INDUSTRIES = ['Agriculture', 'Banking', 'Biotechnology', 'Consulting', 'Education', 'Energy', 'Finance', 'Healthcare', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Telecommunications'];
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];

export const leadObject = defineObject({
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: '00Q',
  fields: [
    ...systemFields(),
    text('FirstName', 'First Name', 40),
    text('LastName', 'Last Name', 80, { nillable: false, required: true }),
    text('Name', 'Full Name', 121, readOnly),
    text('Salutation', 'Salutation', 40),
    email('Email', 'Email'),
    text('Company', 'Company', 255, { nillable: false, required: true }),
    text('Title', 'Title', 128),
    phone('Phone', 'Phone'),
    phone('MobilePhone', 'Mobile Phone'),
    text('City', 'City', 40),
    text('State', 'State/Province', 80),
    text('Country', 'Country', 80),
    url('Website', 'Website'),
    picklist('Status', 'Status', LEAD_STATUSES, { default: 'Open - Not Contacted', nillable: false }),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    picklist('Industry', 'Industry', INDUSTRIES),
    picklist('Rating', 'Rating', ['Hot', 'Warm', 'Cold']),
    currency('AnnualRevenue', 'Annual Revenue'),
    int('NumberOfEmployees', 'Employees'),
    textarea('Description', 'Description'),
    ownerField(),
    checkbox('IsConverted', 'Converted', { updateable: false }),
    date('ConvertedDate', 'Converted Date', readOnly),
    reference('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', readOnly),
    reference('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', readOnly),
    checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
    checkbox('DoNotCall', 'Do Not Call'),
    ...marketingFields(),
  ],
  derive: composeName,
});
