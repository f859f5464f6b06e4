import { checkbox, currency, date, defineObject, int, ownerField, picklist, readOnly, reference, systemFields, text, textarea } from './field-builders';
import type { SfRecord } from './types';

export const CAMPAIGN_MEMBER_STATUSES = ['Sent', 'Opened', 'Clicked', 'Registered', 'Attended', 'Responded'];
const RESPONDED = new Set(['Clicked', 'Registered', 'Attended', 'Responded']);

export const campaignObject = defineObject({
  name: 'Campaign',
  label: 'Campaign',
  labelPlural: 'Campaigns',
  keyPrefix: '701',
  fields: [
    ...systemFields(),
    text('Name', 'Name', 80, { nillable: false, required: true }),
    reference('ParentId', 'Parent Campaign ID', ['Campaign'], 'Parent'),
    picklist('Type', 'Type', ['Conference', 'Webinar', 'Trade Show', 'Public Relations', 'Partners', 'Referral Program', 'Advertisement', 'Banner Ads', 'Direct Mail', 'Email', 'Telemarketing', 'Other']),
    picklist('Status', 'Status', ['Planned', 'In Progress', 'Completed', 'Aborted'], { default: 'Planned' }),
    date('StartDate', 'Start Date'),
    date('EndDate', 'End Date'),
    checkbox('IsActive', 'Active'),
    currency('BudgetedCost', 'Budgeted Cost in Campaign'),
    int('NumberSent', 'Num Sent in Campaign'),
    textarea('Description', 'Description'),
    ownerField(),
  ],
});

/** HasResponded follows the member status ("responded" statuses are configured per campaign in Salesforce). */
function deriveResponse(record: SfRecord): void {
  if (typeof record.Status !== 'string') record.Status = 'Sent';
  record.HasResponded = RESPONDED.has(record.Status as string);
  record.Type = record.LeadId ? 'Lead' : record.ContactId ? 'Contact' : null;
}

export const campaignMemberObject = defineObject({
  name: 'CampaignMember',
  label: 'Campaign Member',
  labelPlural: 'Campaign Members',
  keyPrefix: '00v',
  fields: [
    ...systemFields(),
    reference('CampaignId', 'Campaign ID', ['Campaign'], 'Campaign', { nillable: false, required: true, updateable: false, cascadeDelete: true }),
    reference('LeadId', 'Lead ID', ['Lead'], 'Lead', { updateable: false, cascadeDelete: true }),
    reference('ContactId', 'Contact ID', ['Contact'], 'Contact', { updateable: false, cascadeDelete: true }),
    picklist('Status', 'Status', CAMPAIGN_MEMBER_STATUSES, { default: 'Sent' }),
    checkbox('HasResponded', 'Responded', readOnly),
    date('FirstRespondedDate', 'First Responded Date', readOnly),
    text('Type', 'Type', 40, readOnly),
  ],
  derive: deriveResponse,
  // Removing someone from a campaign deletes the CampaignMember row without a recycle-bin entry
  // (the object supports no undelete()): a sync reading queryAll never learns of it (sf-emulator/README.md).
  recycleBin: false,
});
