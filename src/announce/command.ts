// `announce <text>`: a coordinator's plain announcement to every vetted conversation on every
// platform. The preview names the audience and waits for Send; the preview then shows delivery.
import { message } from '../cards/card.js';
import { listChannels, vettedConversations } from '../channels/store.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { previewCard } from './cards.js';
import { createAnnouncement, setPreview } from './store.js';

export const MAX_ANNOUNCEMENT = 2500;

const ARGS = [
  { name: 'text', kind: 'text', ask: (p: string) => `What should the announcement say? e.g. \`${p}announce The spring summit moves to 12 March.\` You see a preview before anything is sent.` },
] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const body = ctx.args.text.trim();
  if (body.length > MAX_ANNOUNCEMENT) {
    await respond.replyPrivately(
      message(`That announcement is ${body.length.toLocaleString('en-US')} characters; the limit is ${MAX_ANNOUNCEMENT.toLocaleString('en-US')} so it fits one message on both platforms. Shorten it, or link to a document.`, 'refusal'),
    );
    return;
  }
  const member = actor.member;
  const a = createAnnouncement(services.db, body, member.id, services.clock());
  const audience = vettedConversations(services.db);
  const unreachable = listChannels(services.db).filter((c) => c.status === 'unreachable');
  const preview = previewCard(services.config.name, a, member.name, audience, unreachable);

  // The preview goes to the coordinator's direct messages, a message that can be edited later to
  // show how delivery went; where that fails, it is shown privately here instead.
  try {
    const sent = await services.messenger.dm(actor.identity, preview);
    setPreview(services.db, a.id, sent.address, sent.messageId);
    if (turn.scope !== 'personal' && turn.scope !== 'console') {
      await respond.replyPrivately(message(`The preview of announcement #${a.id} is in your direct messages with PPP Bot: check it and press Send.`));
    }
  } catch (err) {
    services.log.warn({ err: err instanceof Error ? err.message : err }, 'announcement preview by DM failed; showing it here');
    await respond.replyPrivately(preview);
  }
}

export function registerAnnounceCommand(registry: Registry): void {
  registry.command({
    name: 'announce',
    permission: 'coordinator',
    usage: '<text>',
    summary: 'Send a plain announcement to every vetted conversation on Slack and Teams, after a preview.',
    details: 'Shows a preview naming the audience (how many vetted conversations on each platform) with Send and Cancel; once sent, the preview shows how many were delivered and where anything failed.',
    args: ARGS,
    handler,
  });
}
