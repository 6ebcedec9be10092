// The cards of an announcement: what recipients see, the coordinator's preview, and its status as
// deliveries settle ("delivered N of M; failed: …; unconfirmed: …").
import { bold, context, text, type Card } from '../cards/card.js';
import type { ChannelRow } from '../channels/store.js';
import { describeChannel } from '../channels/store.js';
import { QUEUE_DOWN_NOTE } from '../delivery/outbox.js';
import type { BatchSummary } from '../delivery/store.js';
import type { AnnouncementRow } from './store.js';

export const ANNOUNCE_SEND = 'announce.send';
export const ANNOUNCE_CANCEL = 'announce.cancel';

export function announcementCard(partnership: string, a: Pick<AnnouncementRow, 'text'>, authorName: string): Card {
  return {
    header: `Announcement — ${partnership}`,
    elements: [text(a.text), context(`From ${authorName}, coordinator`)],
    fallback: `Announcement from ${authorName}: ${a.text}`,
  };
}

export function audienceLine(audience: ChannelRow[]): string {
  const slack = audience.filter((c) => c.platform === 'slack').length;
  const teams = audience.filter((c) => c.platform === 'teams').length;
  const other = audience.length - slack - teams;
  return `${audience.length} vetted conversation${audience.length === 1 ? '' : 's'}: ${slack} on Slack, ${teams} on Teams${other ? `, ${other} in the console` : ''}`;
}

export function previewCard(partnership: string, a: AnnouncementRow, authorName: string, audience: ChannelRow[], unreachable: ChannelRow[]): Card {
  const card: Card = {
    header: `Preview: announcement #${a.id}`,
    elements: [
      ...announcementCard(partnership, a, authorName).elements,
      { type: 'divider' },
      text([bold('Audience: '), audienceLine(audience)]),
    ],
  };
  if (unreachable.length > 0) {
    card.elements.push(context(`Not reachable, so left out: ${unreachable.map(describeChannel).join(', ')}`));
  }
  card.elements.push({
    type: 'actions',
    elements:
      audience.length > 0
        ? [
            { type: 'button', actionId: ANNOUNCE_SEND, label: 'Send', value: String(a.id), style: 'primary' },
            { type: 'button', actionId: ANNOUNCE_CANCEL, label: 'Cancel', value: String(a.id) },
          ]
        : [{ type: 'button', actionId: ANNOUNCE_CANCEL, label: 'Cancel', value: String(a.id) }],
  });
  return card;
}

function where(target: string, names: Map<string, string>): string {
  return names.get(target) ?? target;
}

export function statusLine(report: BatchSummary, names: Map<string, string>): string {
  const parts = [`delivered ${report.sent} of ${report.total}`];
  if (report.failed.length) parts.push(`failed: ${report.failed.map((f) => `${where(f.target, names)}: ${f.reason}`).join('; ')}`);
  if (report.unconfirmed.length) parts.push(`unconfirmed (may have arrived): ${report.unconfirmed.map((f) => where(f.target, names)).join(', ')}`);
  if (report.repeated.length) parts.push(`sent again after no answer, so may show twice: ${report.repeated.map((t) => where(t, names)).join(', ')}`);
  if (report.pending) parts.push(`${report.pending} still on the way`);
  return parts.join('; ');
}

/** `queueDown`: the deliveries are recorded but Redis did not take them yet; reconcile sends them. */
export function statusCard(partnership: string, a: AnnouncementRow, authorName: string, report: BatchSummary, names: Map<string, string>, queueDown = false): Card {
  const card: Card = {
    header: `Announcement #${a.id} ${report.settled ? 'sent' : 'sending'}`,
    elements: [...announcementCard(partnership, a, authorName).elements, { type: 'divider' }, text([bold(report.settled ? 'Done: ' : 'Progress: '), statusLine(report, names)])],
  };
  if (queueDown && !report.settled) card.elements.push(context(QUEUE_DOWN_NOTE));
  return card;
}
