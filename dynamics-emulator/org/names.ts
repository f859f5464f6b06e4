/** Word lists for generated orgs; the accented names make sure nothing downstream assumes ASCII. */
export const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Inès', 'James', 'Katarzyna', 'Liam', 'María', 'Noah', 'Olivia', 'Søren', 'Zoë', 'Łukasz', 'Priya', 'Mei'];
export const LAST_NAMES = ['García', 'Smith', 'Müller', 'Dubois', 'Rossi', 'Nowak', 'Johnson', 'Brown', 'Martin', 'Schmidt', "O'Brien", 'Tanaka', 'Kim', 'Chen', 'Singh', 'Silva', 'Yılmaz', 'Nguyen'];
export const TITLES = ['CEO', 'CTO', 'VP Marketing', 'Marketing Manager', 'Sales Director', 'Engineer', 'Analyst', 'Office Manager', 'Buyer', 'Consultant'];
export const COMPANY_WORDS = ['Contoso', 'Fabrikam', 'Northwind', 'Adventure', 'Litware', 'Proseware', 'Tailspin', 'Wingtip', 'Woodgrove', 'Alpine'];
export const COMPANY_SUFFIXES = ['Ltd', 'Inc', 'GmbH', 'SA', 'Group', 'Partners'];
export const CITIES: Array<[string, string]> = [['Paris', 'France'], ['Berlin', 'Germany'], ['London', 'United Kingdom'], ['Seattle', 'United States'], ['Tokyo', 'Japan'], ['São Paulo', 'Brazil'], ['Kraków', 'Poland']];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
export const PRODUCTS = ['Licences', 'Services', 'Renewal', 'Upgrade', 'Training'];
export const CAMPAIGN_TOPICS = ['Spring Launch', 'Webinar Series', 'Trade Show', 'Newsletter', 'Partner Summit'];

const ASCII: Record<string, string> = { é: 'e', è: 'e', ë: 'e', ï: 'i', á: 'a', ó: 'o', ö: 'o', ø: 'o', ü: 'u', ł: 'l', Ł: 'l', ı: 'i', í: 'i', "'": '' };

/** How a name is spelled in an email address. */
export function emailLocalPart(name: string, fallback: string): string {
  const ascii = [...name.toLowerCase()].map((c) => ASCII[c] ?? c).join('').replace(/[^a-z0-9]+/g, '');
  return ascii || fallback;
}
