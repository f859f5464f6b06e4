import { presentApiAllowance } from '../../../api/presenters/api-allowance';
import type { CrmModel } from '../../../domain/crm/crm-model';

type Limits = Pick<CrmModel, 'label' | 'reportsDailyApiUsage' | 'apiLimitsNote'>;

describe('what a run says about the CRM’s API limits', () => {
  const reporting: Limits = { label: 'Reporting CRM' };
  const waiting: Limits = { label: 'Waiting CRM', reportsDailyApiUsage: false, apiLimitsNote: 'requests answered 429 are retried after the Retry-After the CRM gives' };

  it('a CRM that reports a daily allowance shows its usage, or that none came yet', () => {
    expect(presentApiAllowance({ apiUsage: { used: 1234, max: 15000 } }, reporting)).toEqual({ reportedByCrm: true, text: '1,234 of 15,000 used today', rateLimitWaits: null });
    // Stored as {} or { max: 0 } before the CRM reported anything: never "0 of 0".
    expect(presentApiAllowance({ apiUsage: {} }, reporting).text).toBe('not reported yet');
    expect(presentApiAllowance({ apiUsage: { used: 0, max: 0 } }, reporting).text).toBe('not reported yet');
  });

  it('a CRM that reports none is named, with how it limits instead, whatever usage a run stored', () => {
    expect(presentApiAllowance({ apiUsage: { used: 40, max: 0 } }, waiting)).toEqual({
      reportedByCrm: false,
      text: 'not reported by Waiting CRM (requests answered 429 are retried after the Retry-After the CRM gives)',
      rateLimitWaits: null,
    });
    expect(presentApiAllowance({}, { label: 'Quiet CRM', reportsDailyApiUsage: false }).text).toBe('not reported by Quiet CRM');
  });

  it('rate-limit waits are shown when the run recorded them, zero as "none"', () => {
    expect(presentApiAllowance({ rateLimitWaits: { waits: 0, waitedMs: 0 } }, waiting).rateLimitWaits).toEqual({ waits: 0, waitedMs: 0, text: 'none' });
    expect(presentApiAllowance({ rateLimitWaits: { waits: 3, waitedMs: 4500 } }, waiting).rateLimitWaits).toEqual({ waits: 3, waitedMs: 4500, text: '3 (4.5 s waited)' });
    // The run document's empty sub-document, before any write: nothing recorded.
    expect(presentApiAllowance({ rateLimitWaits: {} }, waiting).rateLimitWaits).toBeNull();
  });
});
