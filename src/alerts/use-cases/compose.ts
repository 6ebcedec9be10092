// Composing an alert, from the one-line command or the form: checked, kept as a draft (audited), and
// shown to its sender privately as a preview — where it goes, who gets a direct message, who must be
// called — with Send. Nothing goes out before Send.
import type { MemberActor } from '../../auth/actor.js';
import { message } from '../../cards/card.js';
import type { Caller } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { resolveAudience } from '../audience.js';
import { needsApproval } from '../model.js';
import { resolveNamed } from '../named.js';
import type { ParsedAlert } from '../parse.js';
import { previewCard } from '../preview-card.js';
import { createDraft, setPreview } from '../store.js';
import { TLP } from '../tlp.js';
import { viewOf } from '../view.js';
import { approversOf } from './dispatch.js';

export async function composeAlert(ctx: Caller<MemberActor>, input: ParsedAlert): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  let namedMemberIds: number[] = [];
  if (TLP[input.tlp].namedOnly) {
    const named = resolveNamed(services, input.named);
    if (!named.ok) return respond.replyPrivately(message(`${named.problem} Nothing was drafted.`, 'refusal'));
    namedMemberIds = named.members.map((m) => m.id);
  }
  const draft = createDraft(
    services.db,
    { severity: input.severity, tlp: input.tlp, title: input.title, details: input.details, namedMemberIds },
    { memberId: actor.member.id, identity: formatIdentity(actor.identity) },
    services.clock(),
  );
  const preview = previewCard(viewOf(services.db, draft), resolveAudience(services, draft), {
    partnership: services.config.name,
    zone: services.config.timezone,
    needsApproval: needsApproval(services.config, draft.severity),
    canBreakGlass: actor.member.isCoordinator,
    approvers: approversOf(services, draft).reachable.length,
  });
  // The preview goes to the sender's direct messages: that message becomes the alert's live status once
  // sent. Where it cannot, the preview is shown privately here instead (it then cannot be redrawn).
  try {
    const sent = await services.messenger.dm(actor.identity, preview);
    setPreview(services.db, draft.id, sent.address, sent.messageId);
    if (turn.scope !== 'personal' && turn.scope !== 'console') {
      await respond.replyPrivately(message(`The preview of alert #${draft.id} is in your direct messages with PPP Bot: check where it goes and who must be called, then press Send.`));
    }
  } catch (err) {
    services.log.warn({ err: err instanceof Error ? err.message : err, alert: draft.id }, 'alert preview by DM failed; showing it here');
    await respond.replyPrivately(preview);
  }
}
