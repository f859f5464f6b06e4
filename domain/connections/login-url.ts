/**
 * Which login URLs a connection may have. The login URL decides where the stored CRM password or
 * client secret is sent, so it is held to each CRM's documented login hosts (plus the operator's
 * additions), https only; loopback hosts (the emulator) only where a developer switched them on.
 */
import { crmDefinition } from '../crm/crm-registry';
import { isLoopbackHost, matchesAnyHost, normalHost, parseOutboundUrl, type OutboundHostPolicy } from '../outbound/outbound-hosts';

/** The documented hosts of a CRM for one part of a connection; none for a CRM crm-sync does not know. */
function documentedHosts(crm: string, part: 'login' | 'environment'): readonly string[] {
  try {
    const definition = crmDefinition(crm);
    return (part === 'login' ? definition.loginHosts : definition.environmentHosts) ?? [];
  } catch {
    return [];
  }
}

const LOOPBACK_HINT = 'loopback hosts are for development only (CRM_SYNC_ALLOW_LOOPBACK_HOSTS=true, never in production)';

/** Why the login URL may not be used for this CRM, or null when it may. */
export function loginUrlProblem(loginUrl: string, crm: string, policy: OutboundHostPolicy): string | null {
  return hostUrlProblem(loginUrl, crm, 'login', policy);
}

/**
 * Why a Dynamics environment URL may not be used, or null when it may: the access token is sent
 * there, so it is held to the documented environment hosts like the login URL is to login hosts.
 */
export function environmentUrlProblem(environmentUrl: string, crm: string, policy: OutboundHostPolicy): string | null {
  return hostUrlProblem(environmentUrl, crm, 'environment', policy);
}

/** An example URL for a message: the CRM's first documented host that is not a pattern. */
function exampleUrl(crm: string, part: 'login' | 'environment'): string {
  const host = documentedHosts(crm, part).find((h) => !h.startsWith('*.'));
  return host ? `https://${host}` : part === 'login' ? 'https://login.salesforce.com' : 'https://contoso.crm.dynamics.com';
}

function hostUrlProblem(loginUrl: string, crm: string, part: 'login' | 'environment', policy: OutboundHostPolicy): string | null {
  const url = parseOutboundUrl(loginUrl);
  if (!url || !['https:', 'http:'].includes(url.protocol)) return `must be a URL such as ${exampleUrl(crm, part)}`;
  // A path would let the login request land on any endpoint of an allowed host (an Apex REST route of another org).
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) return `must be the login host only, e.g. ${url.protocol}//${url.host}, without a path or query`;
  const host = normalHost(url.hostname);
  if (isLoopbackHost(host)) return policy.allowLoopback ? null : `${host} is a loopback host: ${LOOPBACK_HINT}`;
  if (url.protocol !== 'https:') return 'must start with https:// (the password would otherwise cross the network in the clear)';
  const allowed = [...documentedHosts(crm, part), ...policy.extraCrmLoginHosts];
  if (!matchesAnyHost(host, allowed)) {
    return `${host} is not a ${crm} ${part} host; use one of ${allowed.join(', ')} (an operator can allow more with CRM_SYNC_CRM_LOGIN_HOSTS)`;
  }
  return null;
}

/**
 * A login URL as stored: its origin (scheme, host, port), which is all of it once loginUrlProblem
 * passed it, and also what decides where secrets go. The Salesforce client appends `/services/…`, so a trailing
 * slash would make its requests miss.
 */
export function canonicalLoginUrl(loginUrl: string): string {
  return parseOutboundUrl(loginUrl)?.origin ?? loginUrl;
}
