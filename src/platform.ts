// What a platform adapter gives the composition root: HTTP routes on the shared server, a Messenger
// for proactive sends, a health word for /healthz, and start / stop.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Platform } from './core/identity.js';
import type { PlatformMessenger } from './messenger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  /** Also serve everything below `path/` (a dashboard with its own assets). */
  prefix?: boolean;
  handler: RouteHandler;
}

export interface PlatformAdapter {
  platform: Platform;
  /** Routes to mount on the one HTTP server (none in Slack Socket Mode). */
  routes: Route[];
  messenger: PlatformMessenger;
  /** "ok", or a short reason such as "degraded" or "uninstalled", for /healthz. */
  health(): string;
  /** Connects (Bolt's deferred init, Socket Mode); throws FatalAdapterError when it must not go on. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** An adapter failure that must stop the process, such as Slack answering `invalid_auth`. */
export class FatalAdapterError extends Error {}
