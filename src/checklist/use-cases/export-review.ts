// Exporting a review as a CSV file, for coordinators and whoever opened it, sent to the caller alone
// (sendFileToCaller: a Slack DM, a Teams consent card, a private file on the console) and audited.
// `checklist export` and the "which review?" button both end here.
import type { MemberActor } from '../../auth/actor.js';
import { context, message, text, type Card } from '../../cards/card.js';
import type { Caller } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { sendFileToCaller } from '../../files.js';
import { reviewRows, toCsv } from '../csv.js';
import { canManage, manageRefusal, titleOf } from '../resolve.js';
import { auditExport, marksOf, type Review } from '../store.js';
import { plural } from '../summary.js';
import { templateOf } from '../templates.js';

export async function exportReviewFor(caller: Caller<MemberActor>, review: Review): Promise<void> {
  const { services, actor, respond, turn } = caller;
  if (!canManage(actor, review)) return respond.replyPrivately(manageRefusal('export', review, turn.prefix));
  const template = templateOf(review.template);
  if (!template) return respond.replyPrivately(message(`Review #${review.id} uses a template this version does not know.`, 'error'));
  const rows = reviewRows(review, template, marksOf(services.db, review.id), services.config.timezone);
  const count = rows.length - 1;
  const what = template.kind === 'marks' ? 'mark and note per member per question' : 'answer per member per step';
  const note: Card = {
    header: `CSV: ${titleOf(review)}`,
    elements: [text(`${plural(count, 'row')}, one ${what}.`), context('It holds what members wrote: keep it to yourself, and delete it when done.')],
    fallback: `CSV of ${titleOf(review)}`,
  };
  const file = { name: `checklist-${review.id}-${review.template}.csv`, mime: 'text/csv', content: Buffer.from(toCsv(rows), 'utf8') };
  const sent = await sendFileToCaller(caller, file, note);
  if (!sent.ok) return respond.replyPrivately(message(sent.problem, 'error'));
  auditExport(services.db, review.id, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, count, services.clock());
  await respond.replyPrivately(message(`The CSV of ${titleOf(review)} (${plural(count, 'row')}) ${sent.said}.`));
}
