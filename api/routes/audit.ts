import { Router } from 'express';
import type { Models } from '../../domain/models';
import { requirePermission } from '../auth/authorize';
import { pageInfo, tableQuery } from '../paging';
import { listAuditEntries } from '../services/audit-read';
import { parseInput } from '../validate';

export const auditQuery = tableQuery(['at', 'action'], 'at').strict();

export function auditRouter({ models }: { models: Models }): Router {
  const router = Router();
  router.use(['/settings/audit', '/api/v1/audit'], requirePermission('audit:view'));

  async function list(raw: unknown) {
    const query = parseInput(auditQuery, raw, 'query');
    const { entries, total, next, totalCapped } = await listAuditEntries(models, query);
    return { entries, page: pageInfo(query, total, { next, totalCapped }) };
  }

  router.get('/api/v1/audit', async (req, res) => {
    const { entries, page } = await list(req.query);
    res.json({ entries: entries.map(({ _id, ...entry }) => ({ id: String(_id), ...entry })), page });
  });

  router.get('/settings/audit', async (req, res) => {
    res.render('settings/audit', { title: 'Audit log', ...(await list(req.query)) });
  });
  return router;
}
