/**
 * The field catalog and value pools the segment tests share. Pools are small on purpose: random
 * conditions then hit stored values (and their case variants, boundaries and regex characters) often.
 */
import { SALESFORCE_MODEL } from '../../../domain/crm/salesforce/salesforce-model';
import type { CatalogCrmField, SegmentFieldCatalog } from '../../../domain/segments/catalog';
import { segmentSchemaOf } from '../../../domain/segments/segment-schema';

/** The `now` of every test: within_last_days counts back from it. */
export const NOW = new Date('2024-06-15T12:34:56.789Z');

const f = (name: string, type: string, picklistValues?: string[]): CatalogCrmField => (picklistValues ? { name, type, label: name, picklistValues } : { name, type, label: name });

export const PICKLISTS: Record<string, string[]> = {
  Rating: ['Hot', 'Warm', 'Cold', 'hot'],
  Level__c: ['Primary', 'Secondary', 'Tertiary'],
  Industry: ['Retail', 'Banking', 'Energy', 'retail'],
  Region__c: ['EMEA', 'AMER', 'APAC'],
  StageName: ['Prospecting', 'Closed Won', 'Closed Lost', 'closed won'],
  Type: ['New Business', 'Renewal', 'Webinar', 'Email'],
  Status: ['Sent', 'Responded', 'Attended', 'sent'],
};

/** Shared Lead/Contact fields have one type on both, so a Member condition fits both objects. */
const PERSON_FIELDS = [
  f('Id', 'id'),
  f('FirstName', 'string'),
  f('Email', 'email'),
  f('Interests__c', 'multipicklist'),
  f('Score__c', 'double'),
  f('HasOptedOutOfEmail', 'boolean'),
  f('LastActivityDate', 'date'),
  f('CreatedDate', 'datetime'),
  f('OwnerId', 'reference'),
];

export const CATALOG: SegmentFieldCatalog = {
  schema: segmentSchemaOf(SALESFORCE_MODEL),
  Lead: [...PERSON_FIELDS, f('Company', 'string'), f('Rating', 'picklist', PICKLISTS.Rating), f('NumberOfEmployees', 'int')],
  Contact: [...PERSON_FIELDS, f('AccountId', 'reference'), f('Birthdate', 'date'), f('Level__c', 'picklist', PICKLISTS.Level__c)],
  Account: [
    f('Id', 'id'),
    f('Name', 'string'),
    f('Industry', 'picklist', PICKLISTS.Industry),
    f('AnnualRevenue', 'currency'),
    f('Regions__c', 'multipicklist'),
    f('IsPartner__c', 'boolean'),
    f('FoundedDate__c', 'date'),
    f('LastModifiedDate', 'datetime'),
  ],
  User: [f('Id', 'id'), f('Name', 'string'), f('Email', 'email'), f('Department', 'string'), f('IsActive', 'boolean'), f('Region__c', 'picklist', PICKLISTS.Region__c)],
  Opportunity: [
    f('Id', 'id'),
    f('Name', 'string'),
    f('StageName', 'picklist', PICKLISTS.StageName),
    f('Amount', 'currency'),
    f('Probability', 'percent'),
    f('CloseDate', 'date'),
    f('IsWon', 'boolean'),
    f('CreatedDate', 'datetime'),
    f('Products__c', 'multipicklist'),
    f('Type', 'picklist', PICKLISTS.Type),
  ],
  CampaignMember: [f('Id', 'id'), f('Status', 'picklist', PICKLISTS.Status), f('HasResponded', 'boolean'), f('FirstRespondedDate', 'date'), f('CreatedDate', 'datetime'), f('CampaignId', 'reference')],
  Campaign: [f('Id', 'id'), f('Name', 'string'), f('Type', 'picklist', PICKLISTS.Type), f('IsActive', 'boolean'), f('StartDate', 'date'), f('Channels__c', 'multipicklist'), f('BudgetedCost', 'currency')],
  Marketing: [
    { name: 'email', type: 'Email' },
    { name: 'firstName', type: 'Text' },
    { name: 'company', type: 'Text' },
    { name: 'employees', type: 'Number' },
    { name: 'engagement', type: 'Score' },
    { name: 'vip', type: 'Boolean' },
    { name: 'signupDate', type: 'Date' },
    { name: 'lastVisit', type: 'Datetime' },
    { name: 'interests', type: 'MultiText' },
  ],
};

/** Stored texts: case variants, accents, and every character $regex would otherwise read as syntax. */
export const TEXTS = ['Acme', 'acme', 'ACME Corp', 'Globex', 'globex inc', 'Initech', 'Ñandú Éclair', 'ñandú éclair', 'a.b*c', '(x)[y]', 'x+y?', 'back\\slash', '$dollar^', 'a|b{2}', 'Ab'];
/** Query texts: the stored ones and pieces of them. */
export const TEXT_QUERIES = [...TEXTS, 'acme', 'corp', 'a', 'C', '.', '*', '(x)', 'ñ', 'ÉCLAIR', 'inc', '\\', '|', 'b{2}', '$', '^', '?', 'Z'];
export const EMAILS = ['ann@acme.com', 'Bob@Globex.com', 'bob@globex.com', 'carl+tag@initech.io', 'dora@ñandu.es'];
export const EMAIL_QUERIES = [...EMAILS, '@globex.com', 'BOB', '.io', 'acme', '+tag'];
export const ITEMS = ['A', 'B', 'C', 'a', 'AB', 'Beta.1', 'x|y'];
export const ITEM_QUERIES = [...ITEMS, 'b', 'ET', '.', 'Z'];
export const NUMBERS = [-10, -1.5, 0, 1, 2, 2.5, 10, 100, 1000, 999999];
export const INTEGERS = [-10, 0, 1, 2, 10, 100, 1000];

const DAY = 86_400_000;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const todayStart = Math.floor(NOW.getTime() / DAY) * DAY;

/** Days around now (so within_last_days hits both sides of its window) and far ones. */
export const DAYS = [...[-400, -61, -60, -31, -30, -8, -7, -2, -1, 0, 1, 5].map((n) => dayText(todayStart + n * DAY)), '1900-01-01', '9999-12-31'];

/** Instants at the edges that matter: day starts and ends, now, and exactly N days before now. */
export const INSTANTS_MS = [
  ...[-61, -30, -7, -1, 0, 1].flatMap((n) => [todayStart + n * DAY, todayStart + n * DAY + 1, todayStart + n * DAY + DAY / 2, todayStart + (n + 1) * DAY - 1]),
  NOW.getTime(),
  NOW.getTime() - DAY,
  NOW.getTime() - 7 * DAY,
  NOW.getTime() - 30 * DAY,
  NOW.getTime() - 7 * DAY - 1,
  NOW.getTime() + 1,
  Date.UTC(9999, 11, 31, 23, 59, 59, 999),
];

export const WITHIN_DAYS = [1, 2, 7, 30, 60, 365];
