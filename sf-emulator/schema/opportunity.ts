import { checkbox, currency, date, defineObject, ownerField, percent, picklist, readOnly, reference, systemFields, text, textarea } from './field-builders';
import { LEAD_SOURCES } from './lead';
import type { SfRecord } from './types';

export const OPPORTUNITY_STAGES = [
  'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost',
];

/** Salesforce sets IsClosed/IsWon from the stage's configuration; the default stages encode it in their names. */
function deriveStage(record: SfRecord): void {
  const stage = typeof record.StageName === 'string' ? record.StageName : '';
  record.IsClosed = stage.startsWith('Closed');
  record.IsWon = stage === 'Closed Won';
}

export const opportunityObject = defineObject({
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account ID', ['Account'], 'Account', { cascadeDelete: true }),
    text('Name', 'Name', 120, { nillable: false, required: true }),
    textarea('Description', 'Description'),
    picklist('StageName', 'Stage', OPPORTUNITY_STAGES, { nillable: false, required: true }),
    currency('Amount', 'Amount'),
    percent('Probability', 'Probability (%)'),
    date('CloseDate', 'Close Date', { nillable: false, required: true }),
    picklist('Type', 'Opportunity Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer']),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    checkbox('IsClosed', 'Closed', readOnly),
    checkbox('IsWon', 'Won', readOnly),
    reference('CampaignId', 'Campaign ID', ['Campaign'], 'Campaign'),
    ownerField(),
  ],
  derive: deriveStage,
});

export const opportunityContactRoleObject = defineObject({
  name: 'OpportunityContactRole',
  label: 'Opportunity Contact Role',
  labelPlural: 'Opportunity Contact Role',
  keyPrefix: '00K',
  fields: [
    ...systemFields(),
    reference('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', { nillable: false, required: true, updateable: false, cascadeDelete: true }),
    reference('ContactId', 'Contact ID', ['Contact'], 'Contact', { nillable: false, required: true, cascadeDelete: true }),
    picklist('Role', 'Role', [
      'Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator', 'Executive Sponsor', 'Influencer', 'Technical Buyer', 'Other',
    ]),
    checkbox('IsPrimary', 'Primary'),
  ],
});
