// The operators' queue dashboard (bull-board) at /admin/queues, served only when ADMIN_TOKEN is set,
// behind HTTP Basic authentication whose password is the token (any user name).
// @see https://github.com/felixmosh/bull-board
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';

export const DASHBOARD_PATH = '/admin/queues';

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const password = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
  const expected = Buffer.from(token);
  return password.length === expected.length && timingSafeEqual(password, expected);
}

export function createDashboard(queues: Queue[], token: string): (req: IncomingMessage, res: ServerResponse) => void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(DASHBOARD_PATH, (req, res, next) => {
    if (tokenMatches(req.headers.authorization, token)) return next();
    res.set('WWW-Authenticate', 'Basic realm="PPP Bot queues", charset="UTF-8"').status(401).send('ADMIN_TOKEN required');
  });
  app.use(DASHBOARD_PATH, serverAdapter.getRouter());
  return app;
}
