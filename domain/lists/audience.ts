/**
 * An audience is several lists (and segments) sent to at once. A person on two of them must be
 * counted, and mailed, once: people are de-duplicated by a chosen key. By email, the trimmed,
 * lower-cased address (members without an email cannot be reached and are counted apart); by CRM
 * id, the connection and the Lead/Contact id (the same person in two connections is two people).
 */
export const AUDIENCE_KEYS = ['email', 'crmId'] as const;
export type AudienceKey = (typeof AUDIENCE_KEYS)[number];

export interface AudienceMember {
  connectionId: string;
  crmId: string;
  emailKey: string | null;
}

export interface AudienceSourceCount {
  kind: 'list' | 'segment';
  id: string;
  name: string;
  members: number;
}

export interface AudienceCount {
  key: AudienceKey;
  sources: AudienceSourceCount[];
  /** Members of all sources added up, before de-duplication. */
  total: number;
  /** Members without a value for the key (no email); not part of `distinct`. */
  withoutKey: number;
  /** Distinct people after de-duplication. */
  distinct: number;
  /** total − withoutKey − distinct: entries removed as duplicates. */
  duplicates: number;
}

export function audienceKeyOf(key: AudienceKey, member: AudienceMember): string | null {
  return key === 'email' ? member.emailKey : `${member.connectionId}:${member.crmId}`;
}

/** Counts an audience from its sources' member streams, holding only the distinct keys in memory. */
export async function countAudience(key: AudienceKey, sources: { source: Omit<AudienceSourceCount, 'members'>; members: AsyncIterable<AudienceMember> }[]): Promise<AudienceCount> {
  const seen = new Set<string>();
  const counted: AudienceSourceCount[] = [];
  let total = 0;
  let withoutKey = 0;
  for (const { source, members } of sources) {
    let n = 0;
    for await (const member of members) {
      n += 1;
      const value = audienceKeyOf(key, member);
      if (value === null) withoutKey += 1;
      else seen.add(value);
    }
    counted.push({ ...source, members: n });
    total += n;
  }
  return { key, sources: counted, total, withoutKey, distinct: seen.size, duplicates: total - withoutKey - seen.size };
}
