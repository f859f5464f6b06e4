/** SOQL is built here and nowhere else; identifiers are checked because they cannot be quoted in SOQL. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid Salesforce field or object name: ${JSON.stringify(name)}`);
  return name;
}

export function buildSelectAll(object: string, fields: string[]): string {
  const selected = [...new Set(['Id', 'SystemModstamp', ...fields])].map(assertIdentifier);
  return `SELECT ${selected.join(', ')} FROM ${assertIdentifier(object)} ORDER BY SystemModstamp ASC, Id ASC`;
}
