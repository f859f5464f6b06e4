/**
 * Where alert webhooks may go. Webhooks go to chat and paging services (Slack, Teams, PagerDuty,
 * Opsgenie) and to a company's own receivers, too many to list, so any public https host is
 * accepted; what is refused is the server's own network: loopback, private and link-local
 * addresses (cloud metadata answers on 169.254.169.254), checked on the URL when it is saved and
 * on the addresses the host resolves to when an alert is sent. An operator who wants internal
 * receivers, or only a fixed set of hosts, lists them in CRM_SYNC_WEBHOOK_HOSTS: the list then
 * replaces the public-host rule. Redirects are never followed (activities/alerts), so a public
 * host cannot bounce the call inward.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { isInternalAddress, isLoopbackHost, matchesAnyHost, normalHost, parseOutboundUrl, type OutboundHostPolicy } from '../outbound/outbound-hosts';

const LOOPBACK_HINT = 'loopback hosts are for development only (CRM_SYNC_ALLOW_LOOPBACK_HOSTS=true, never in production)';
const LIST_HINT = 'an operator can allow internal receivers with CRM_SYNC_WEBHOOK_HOSTS';

/** Why alerts may not be sent to this URL, or null; from the URL alone, at save and before each call. */
export function webhookUrlProblem(raw: string, policy: OutboundHostPolicy): string | null {
  const url = parseOutboundUrl(raw);
  if (!url || !['https:', 'http:'].includes(url.protocol)) return 'must be a full https:// URL (without a user name or #fragment)';
  const host = normalHost(url.hostname);
  if (isLoopbackHost(host) && policy.allowLoopback) return null;
  if (url.protocol !== 'https:') return 'must start with https:// (the alert, and any token in the URL, would otherwise cross the network in the clear)';
  if (policy.webhookHosts.length > 0) {
    return matchesAnyHost(host, policy.webhookHosts) ? null : `${host} is not one of the webhook hosts this installation allows (${policy.webhookHosts.join(', ')})`;
  }
  if (isLoopbackHost(host)) return `${host} is a loopback host: ${LOOPBACK_HINT}`;
  if (net.isIP(host) && isInternalAddress(host)) return `${host} is an internal address; ${LIST_HINT}`;
  if (!host.includes('.') || /\.(local|internal|lan|intranet|corp|home\.arpa)$/.test(host)) return `${host} is not a public host name; ${LIST_HINT}`;
  return null;
}

/**
 * Why the host may not be called now, from the addresses it resolves to (a public name can point
 * inward), or null. A name listed by the operator is trusted wherever it points.
 */
export async function webhookAddressProblem(url: URL, policy: OutboundHostPolicy): Promise<string | null> {
  const host = normalHost(url.hostname);
  if (policy.webhookHosts.length > 0 && matchesAnyHost(host, policy.webhookHosts)) return null;
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  const internal = addresses.find((address) => isInternalAddress(address) && !(policy.allowLoopback && isLoopbackHost(address)));
  return internal ? `${host} resolves to the internal address ${internal}; ${LIST_HINT}` : null;
}
