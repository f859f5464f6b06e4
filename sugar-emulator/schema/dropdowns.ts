/**
 * The dropdown lists (app_list_strings) the emulated fields use: key → display label. Stock lists
 * carry Sugar's stock keys; the marketing lists are the ones an admin adds in Studio.
 */
export const DROPDOWNS: Record<string, Record<string, string>> = {
  salutation_dom: { '': '', 'Mr.': 'Mr.', 'Ms.': 'Ms.', 'Mrs.': 'Mrs.', 'Dr.': 'Dr.', 'Prof.': 'Prof.' },
  lead_source_dom: { '': '', Cold_Call: 'Cold Call', Existing_Customer: 'Existing Customer', Self_Generated: 'Self Generated', Employee: 'Employee', Partner: 'Partner', Public_Relations: 'Public Relations', Direct_Mail: 'Direct Mail', Conference: 'Conference', Trade_Show: 'Trade Show', Web_Site: 'Web Site', Word_of_mouth: 'Word of mouth', Email: 'Email', Campaign: 'Campaign', Other: 'Other' },
  lead_status_dom: { '': '', New: 'New', Assigned: 'Assigned', 'In Process': 'In Process', Converted: 'Converted', Recycled: 'Recycled', Dead: 'Dead' },
  account_type_dom: { '': '', Analyst: 'Analyst', Competitor: 'Competitor', Customer: 'Customer', Integrator: 'Integrator', Investor: 'Investor', Partner: 'Partner', Press: 'Press', Prospect: 'Prospect', Reseller: 'Reseller', Other: 'Other' },
  industry_dom: { '': '', Apparel: 'Apparel', Banking: 'Banking', Consulting: 'Consulting', Education: 'Education', Finance: 'Finance', Manufacturing: 'Manufacturing', Retail: 'Retail', Technology: 'Technology', Telecommunications: 'Telecommunications', Other: 'Other' },
  sales_stage_dom: { Prospecting: 'Prospecting', Qualification: 'Qualification', 'Needs Analysis': 'Needs Analysis', 'Value Proposition': 'Value Proposition', 'Id. Decision Makers': 'Id. Decision Makers', 'Perception Analysis': 'Perception Analysis', 'Proposal/Price Quote': 'Proposal/Price Quote', 'Negotiation/Review': 'Negotiation/Review', 'Closed Won': 'Closed Won', 'Closed Lost': 'Closed Lost' },
  opportunity_type_dom: { '': '', 'Existing Business': 'Existing Business', 'New Business': 'New Business' },
  opportunity_relationship_type_dom: { '': '', 'Primary Decision Maker': 'Primary Decision Maker', 'Business Decision Maker': 'Business Decision Maker', 'Business Evaluator': 'Business Evaluator', 'Technical Decision Maker': 'Technical Decision Maker', 'Technical Evaluator': 'Technical Evaluator', 'Executive Sponsor': 'Executive Sponsor', Influencer: 'Influencer', Other: 'Other' },
  user_status_dom: { Active: 'Active', Inactive: 'Inactive' },
  campaign_status_dom: { '': '', Planning: 'Planning', Active: 'Active', Inactive: 'Inactive', Complete: 'Complete', 'In Queue': 'In Queue', Sending: 'Sending' },
  campaign_type_dom: { '': '', Telesales: 'Telesales', Mail: 'Mail', Email: 'Email', Print: 'Print', Web: 'Web', Radio: 'Radio', Television: 'Television', NewsLetter: 'Newsletter' },
  prospect_list_type_dom: { default: 'Default', seed: 'Seed', exempt_domain: 'Suppression List - By Domain', exempt_address: 'Suppression List - By Email Address', exempt: 'Suppression List - By Id' },
  customer_tier_list: { '': '', bronze: 'Bronze', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' },
  interests_list: { analytics: 'Analytics', automation: 'Automation', email: 'Email', events: 'Events', mobile: 'Mobile' },
  score_band_list: { '': '', cold: 'Cold', warm: 'Warm', hot: 'Hot' },
};

/** The keys of a list a caller may store (the empty key means "none"). */
export function dropdownKeys(list: string): string[] {
  return Object.keys(DROPDOWNS[list] ?? {});
}
