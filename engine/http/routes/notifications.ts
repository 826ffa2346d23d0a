/** /api/me/notifications: how the signed-in person wants to be told by email (engine/notifications). */
import { Router } from 'express';
import type { EngineContext } from '../../context.js';
import { chooseDelivery, emailSettings } from '../../notifications/choices.js';
import { accountOf, requires } from '../auth.js';
import { QueryReader } from '../query.js';

export function notificationRoutes(ctx: EngineContext, options: { sending: boolean }): Router {
  const r = Router();
  r.get('/', requires('notifications:self'), async (req, res) => {
    new QueryReader(req).done();
    res.json(await emailSettings(ctx, accountOf(res), options.sending));
  });
  r.put('/', requires('notifications:self'), async (req, res) => {
    new QueryReader(req).done();
    res.json(await chooseDelivery(ctx, accountOf(res), req.body, options.sending));
  });
  return r;
}
