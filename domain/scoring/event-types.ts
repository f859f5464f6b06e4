/** The engagement event types crm-sync accepts and scores. Pure: the workflow bundle may import it. */
export const ENGAGEMENT_EVENT_TYPES = ['email_sent', 'email_open', 'email_click', 'page_view', 'form_submit', 'webinar_attend', 'unsubscribe'] as const;
export type EngagementEventType = (typeof ENGAGEMENT_EVENT_TYPES)[number];

export function isEngagementEventType(value: unknown): value is EngagementEventType {
  return typeof value === 'string' && (ENGAGEMENT_EVENT_TYPES as readonly string[]).includes(value);
}
