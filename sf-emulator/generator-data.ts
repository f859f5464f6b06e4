/** Word lists for generated orgs; the unicode names make sure nothing downstream assumes ASCII. */
export const FIRST_NAMES = [
  'Ana', 'Ben', 'Chloé', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Inès', 'James', 'Katarzyna', 'Liam', 'María', 'Noah', 'Olivia',
  'Pedro', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Łukasz', 'Søren', 'José', 'François',
  'Anaïs', 'Björn', 'Mei', 'Priya', 'Oluwaseun', 'Siobhán', 'Emma', 'Lucas', 'Sofia', 'Mateo', '太郎', 'Ji-woo', 'Ahmed', 'Fatima',
];

export const LAST_NAMES = [
  'García', 'Smith', 'Müller', 'Dubois', 'Rossi', 'Nowak', 'Kowalski', 'Johnson', 'Williams', 'Brown', 'Jones', 'Martin', 'Bernard',
  'Schmidt', 'Fischer', 'Novák', 'Andersson', 'Nielsen', 'O\'Brien', 'Murphy', 'Tanaka', 'Suzuki', '渡辺', 'Kim', 'Park', 'Chen', 'Wang',
  'Singh', 'Patel', 'Silva', 'Santos', 'Ferreira', 'Kovács', 'Popescu', 'Yılmaz', 'Łukasiewicz', 'Van der Berg', 'De la Cruz', 'Nguyen',
];

/** How each name is spelled in an email address. */
const ASCII: Record<string, string> = {
  é: 'e', è: 'e', ë: 'e', ï: 'i', á: 'a', à: 'a', ä: 'a', å: 'a', ó: 'o', ö: 'o', ø: 'o', ô: 'o', ú: 'u', ü: 'u', ñ: 'n', ç: 'c',
  ł: 'l', Ł: 'l', ş: 's', ı: 'i', í: 'i', 'ő': 'o', 'ž': 'z', 'š': 's', 'č': 'c', 'ř': 'r', 'ý': 'y', 'Ö': 'o', 'Ø': 'o', 'Å': 'a',
};

export function emailLocalPart(name: string, fallback: string): string {
  let out = '';
  for (const ch of name.toLowerCase()) {
    if (/[a-z0-9]/.test(ch)) out += ch;
    else if (ASCII[ch]) out += ASCII[ch];
  }
  return out || fallback;
}

export const COMPANY_WORDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Aperture', 'Wonka',
  'Gringotts', 'Nakatomi', 'Oscorp', 'Pied Piper', 'Massive Dynamic', 'Blue Sun', 'Monarch', 'Nordlicht', 'Søndergaard', 'Żabka', 'Müller & Söhne',
];
export const COMPANY_SUFFIXES = ['Inc.', 'GmbH', 'SA', 'Ltd', 'LLC', 'Group', 'Holdings', 'AG', 'S.p.A.', 'KK', 'BV', 'Oy'];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.co.uk', 'example.de', 'example.fr', 'example.jp'];
export const CITIES: Array<[string, string]> = [
  ['Paris', 'France'], ['Lyon', 'France'], ['Berlin', 'Germany'], ['München', 'Germany'], ['London', 'United Kingdom'], ['Dublin', 'Ireland'],
  ['Kraków', 'Poland'], ['Madrid', 'Spain'], ['São Paulo', 'Brazil'], ['New York', 'United States'], ['San Francisco', 'United States'],
  ['Toronto', 'Canada'], ['Tokyo', 'Japan'], ['東京', 'Japan'], ['Sydney', 'Australia'], ['Zürich', 'Switzerland'], ['Göteborg', 'Sweden'],
];
export const TITLES = [
  'CEO', 'CTO', 'VP Marketing', 'Marketing Manager', 'Demand Generation Manager', 'Sales Director', 'Account Executive', 'Engineer',
  'Head of Operations', 'Procurement Specialist', 'Data Analyst', 'Directeur Commercial', 'Geschäftsführerin',
];
export const PRODUCTS = ['Platform License', 'Renewal', 'Expansion', 'Services', 'Training', 'Support Upgrade', 'Pilot'];
export const CAMPAIGN_TOPICS = ['Spring Launch', 'Webinar: Automation 101', 'Trade Show Berlin', 'Newsletter', 'Partner Summit', 'Holiday Promo', 'Customer Day', 'Nurture Track'];
