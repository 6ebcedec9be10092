// The preview a coordinator checks before sending: the questions, the audience per platform, who cannot
// be reached by direct message (with their 24/7 lines, so they can be called), the close, the reminders
// and where the results go. Shown only to the coordinator: it holds contact details.
import type { MemberActor } from '../../auth/actor.js';
import { message } from '../../cards/card.js';
import type { Caller } from '../../commands/context.js';
import { reachOf } from '../../members/audience.js';
import { describeAudience, membersOf } from '../audience.js';
import { describeResultsTo } from '../destinations.js';
import { previewCard } from '../preview.js';
import type { SurveyRow } from '../store.js';

export async function showPreview(caller: Caller<MemberActor>, s: SurveyRow, closesAt?: Date): Promise<void> {
  const { services, respond } = caller;
  const audience = await membersOf(services, s.audience);
  if (!audience.ok) {
    await respond.replyPrivately(message(`Survey #${s.id} is kept as a draft, but it cannot be sent as it is: ${audience.problem} \`survey export-definition ${s.id}\` gives you its file to edit and import again.`));
    return;
  }
  const now = services.clock();
  const card = previewCard(s, {
    audience: describeAudience(s.audience, audience.eventTitle),
    reach: reachOf(services, audience.members),
    closesAt: closesAt ?? new Date(now.getTime() + s.closesAfterMs),
    explicitClose: closesAt !== undefined,
    resultsTo: describeResultsTo(services.db, s.resultsTo),
    zone: services.config.timezone,
    now,
  });
  await respond.replyPrivately(card);
}
