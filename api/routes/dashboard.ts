import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Models } from '../../domain/models';
import { can } from '../../domain/auth/roles';
import { crmModel } from '../../domain/crm/crm-registry';
import { actorOf, requirePermission } from '../auth/authorize';
import { presentRun } from '../presenters/run-json';
import { listLatestAuditEntries, listLatestFailedRuns, loadConnectionHealth } from '../services/dashboard-read';

/** Health at a glance: per connection its data freshness, last run, next run and API use; failures; activity. */
export function dashboardRouter({ models, temporal }: { models: Models; temporal: Client }): Router {
  const router = Router();
  router.get('/', requirePermission('dashboard:view'), async (req, res) => {
    const health = await loadConnectionHealth({ models, temporal });
    // CRMs that report no daily allowance are named, so the page does not promise a figure that never comes.
    const crms = await models.Connection.find({}, { crm: 1 }).lean();
    const usageNotReportedBy = Object.fromEntries(
      crms.flatMap((c) => {
        const model = crmModel(c.crm);
        return model.reportsDailyApiUsage === false ? [[String(c._id), model.label]] : [];
      }),
    );
    const failing = await listLatestFailedRuns(models);
    // The audit log's tail is the audit log: only roles that may read it see it here.
    const activity = can(actorOf(req).role, 'audit:view') ? await listLatestAuditEntries(models) : null;
    res.render('dashboard/index', { title: 'Dashboard', health, usageNotReportedBy, failing: failing.map(presentRun), activity });
  });
  return router;
}
