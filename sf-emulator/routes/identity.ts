import { Router, type Request, type Response } from 'express';
import { instanceUrl, type EmulatorContext } from '../context';
import { notFound } from '../errors';

/** The identity URL returned by the token endpoint (`/id/<orgId>/<userId>`), which `conn.identity()` reads. */
export function identityRouter(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/:orgId/:userId', (req: Request, res: Response) => {
    const user = ctx.store.get('User', String(req.params.userId));
    if (!user || req.params.orgId !== ctx.store.orgId) throw notFound();
    const base = instanceUrl(req);
    res.json({
      id: `${base}/id/${ctx.store.orgId}/${user.Id}`,
      asserted_user: true,
      user_id: user.Id,
      organization_id: ctx.store.orgId,
      username: user.Username,
      nick_name: user.Alias,
      display_name: user.Name,
      email: user.Email,
      active: user.IsActive,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      urls: {
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
      },
    });
  });
  return router;
}
