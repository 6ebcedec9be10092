// The botbuilder CloudAdapter, with the turn error handler the Bot Framework samples prescribe: log
// the error, tell the user something went wrong, never the details. The HTTP route authenticates
// requests itself (http.ts), then runs the turn here.
// @see https://learn.microsoft.com/azure/bot-service/bot-builder-basics (onTurnError)
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Log } from '../../src/core/log.js';
import { readReplyable } from './activities.js';
import type { AuthenticatedRequest, BotFrameworkAuthentication } from './auth.js';
import { safeError } from './errors.js';

export const TURN_FAILED = 'Something went wrong on our side. It has been logged; please try again, and tell a coordinator if it keeps happening.';

/** The CloudAdapter, able to run a turn for a request the HTTP route has already authenticated. */
export class TeamsCloudAdapter extends CloudAdapter {
  runAuthenticated(request: AuthenticatedRequest, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(request, activity, logic);
  }
}

export function createCloudAdapter(auth: BotFrameworkAuthentication, log: Log): TeamsCloudAdapter {
  const adapter = new TeamsCloudAdapter(auth);
  adapter.onTurnError = async (ctx: TurnContext, error: Error) => {
    log.error({ err: safeError(error), activityType: String(ctx.activity?.type).slice(0, 40) }, 'Teams turn failed');
    // Only a message has someone waiting for an answer; an install or an update does not.
    if (ctx.activity?.type !== 'message' || !readReplyable(ctx.activity)) return;
    try {
      await ctx.sendActivity({ type: 'message', text: TURN_FAILED });
    } catch (err) {
      log.warn({ err: safeError(err) }, 'could not tell the user the turn failed');
    }
  };
  return adapter;
}
