// The preview's Send and Cancel buttons, and the renderer that redraws the preview from the
// delivery ledger as deliveries settle.
import { message } from '../cards/card.js';
import { channelNames, vettedAddresses } from '../channels/store.js';
import type { MemberActor } from '../auth/actor.js';
import type { ActionContext } from '../commands/context.js';
import type { Services } from '../services.js';
import type { Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { postItem, queueRecorded } from '../delivery/outbox.js';
import { redraw } from '../delivery/redraw.js';
import { batchSummary, recordDeliveries } from '../delivery/store.js';
import { ANNOUNCE_CANCEL, ANNOUNCE_SEND, announcementCard, statusCard } from './cards.js';
import { ANNOUNCE_STATUS_RENDERER, batchOfAnnouncement, cancelAnnouncement, getAnnouncement, markAnnouncementSent } from './store.js';

function renderStatus(services: Services, subject: string, queueDown = false) {
  const id = Number(subject.replace('announce-', ''));
  const a = getAnnouncement(services.db, id);
  if (!a) return undefined;
  const summary = batchSummary(services.db, subject);
  const names = channelNames(services.db, [...summary.failed.map((f) => f.target), ...summary.unconfirmed.map((u) => u.target), ...summary.repeated]);
  return statusCard(services.config.name, a, a.authorName, summary, names, queueDown);
}

async function send(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, respond } = ctx;
  const id = Number(ctx.action.value);
  const a = Number.isInteger(id) ? getAnnouncement(services.db, id) : undefined;
  if (!a) {
    await respond.replyPrivately(message('That announcement no longer exists. Run `announce` again.'));
    return;
  }
  const audience = vettedAddresses(services.db);
  const by = { identity: formatIdentity(actor.identity), memberId: actor.member.id };
  const batch = batchOfAnnouncement(a.id);
  const card = announcementCard(services.config.name, a, a.authorName);
  const now = services.clock();
  // "Sent", its audit row, one delivery row per conversation and the preview's redraw commit together,
  // before anything touches Redis: if Redis then fails, the rows wait for reconcile, never lost.
  const recorded = services.db.transaction((tx) => {
    const preview = markAnnouncementSent(tx, a.id, by, audience.length, now);
    if (!preview) return undefined;
    return { ids: recordDeliveries(tx, batch, audience.map((address) => postItem(address, card)), now), preview };
  });
  if (!recorded) {
    await respond.replyPrivately(message(`Announcement #${a.id} was already ${a.status === 'cancelled' ? 'cancelled' : 'sent'}; nothing more was sent.`));
    return;
  }
  let queued = await queueRecorded(services, batch, recorded.ids);
  queued = (await redraw(services, recorded.preview)) && queued;
  const status = renderStatus(services, batch, !queued);
  if (status) await (respond.replace ?? respond.replyPrivately)(status);
}

async function cancel(ctx: ActionContext): Promise<void> {
  const id = Number(ctx.action.value);
  const cancelled = Number.isInteger(id) && cancelAnnouncement(ctx.services.db, id);
  const reply = message(cancelled ? `Announcement #${id} cancelled; nothing was sent.` : `Announcement #${id} was already sent or cancelled.`);
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(reply);
}

export function registerAnnounceActions(registry: Registry): void {
  registry.action({ actionId: ANNOUNCE_SEND, permission: 'coordinator', handler: send });
  registry.action({ actionId: ANNOUNCE_CANCEL, permission: 'coordinator', handler: cancel });
  registry.renderer(ANNOUNCE_STATUS_RENDERER, renderStatus);
}
