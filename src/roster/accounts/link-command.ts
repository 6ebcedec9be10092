// `link [code]`: one member on both Slack and Teams. A member asks for a one-time code on one platform
// and types `link <code>` on the other; an account whose platform email matches a member is offered a
// link it confirms (Confirm / Not me). Answers are private: a code is as good as the member's rights.
import { refusalFor } from '../../auth/permissions.js';
import { bold, code, context, message, text, type Card } from '../../cards/card.js';
import type { ActionContext, CommandContext, Responder, Turn } from '../../commands/context.js';
import type { Services } from '../../services.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import type { MemberRow } from '../../members/model.js';
import { formatIdentity, type Identity, type Platform } from '../../core/identity.js';
import { PLATFORM_NAME } from '../../core/platform-names.js';
import { dmItem, sendBatch } from '../../delivery/outbox.js';
import { currentMembersByEmail, identitiesOf } from '../../members/store.js';
import { describeMember } from '../../members/listing.js';
import { confirmProposal, declineProposal, LINKABLE, linkByCode, type LinkResult } from '../../members/identity-links.js';
import { CODE_TTL_MS, issueCode, MAX_TRIES, proposeLink, showCode } from '../../members/link-codes.js';
import { getOrganization } from '../../members/organizations.js';
import { profileEmailOf } from '../../members/platform-profile.js';

export const LINK_CONFIRM = 'roster.link-confirm';
export const LINK_DECLINE = 'roster.link-decline';

/** Where and how `link <code>` is sent on a platform, to tell someone what to do over there. */
const sendOn = (platform: Platform, line: string) =>
  platform === 'teams' ? `on Microsoft Teams, send \`${line}\` to PPP Bot in a 1:1 chat` : `on ${PLATFORM_NAME[platform]}, send \`/ppp ${line}\``;

const otherPlatforms = (mine: Identity[]) => LINKABLE.filter((p) => !mine.some((i) => i.platform === p));

async function giveCode(ctx: CommandContext, member: MemberRow): Promise<void> {
  const { services, turn, respond } = ctx;
  const mine = identitiesOf(services.db, member.id);
  const missing = otherPlatforms(mine);
  if (missing.length === 0) {
    const both = mine.filter((i) => LINKABLE.includes(i.platform)).map((i) => PLATFORM_NAME[i.platform]).join(' and ');
    await respond.replyPrivately(message(`Your membership already has both accounts linked (${both}). \`${turn.prefix}unlink slack\` or \`${turn.prefix}unlink teams\` undoes one.`));
    return;
  }
  const { code: issued } = issueCode(services.db, member.id, formatIdentity(turn.identity), services.clock());
  const shown = showCode(issued);
  const where = missing.map((p) => sendOn(p, `link ${shown}`)).join('; or ');
  const card: Card = {
    header: 'Your link code',
    elements: [
      text(['Your one-time code is ', code(shown), '.']),
      text(`To use PPP Bot from your other account too, ${where}. That account then acts as you, ${member.name}, with the same rights.`),
      context(`The code works once, for ${CODE_TTL_MS / 60_000} minutes, and locks after ${MAX_TRIES} wrong tries. Never share it: whoever enters it gets your rights. Asking again replaces it.`),
    ],
    fallback: 'Your PPP Bot link code',
  };
  await respond.replyPrivately(card);
}

function notOnRoster(ctx: CommandContext): Card {
  const { turn, services } = ctx;
  const refusal = refusalFor(ctx.actor, 'member', { command: `${turn.prefix}link`, prefix: turn.prefix, joinAvailable: services.registry.has('join') })!;
  return message(
    `${refusal.reason.replace('is for members', 'without a code is for members')} If you are a member on your other platform, run \`link\` there and send the code it shows here: \`${turn.prefix}link <code>\`. ${refusal.remedy}`,
    'refusal',
  );
}

/** A platform email matching exactly one member who has no account here yet, or undefined. */
async function matchByEmail(services: Services, turn: Turn) {
  if (!LINKABLE.includes(turn.identity.platform)) return undefined;
  const email = await profileEmailOf(services, turn.identity);
  if (!email) return undefined;
  const found = currentMembersByEmail(services.db, email)
    .filter((m) => !identitiesOf(services.db, m.id).some((i) => i.platform === turn.identity.platform));
  return found.length === 1 ? found[0] : undefined;
}

async function proposeOrRefuse(ctx: CommandContext): Promise<void> {
  const { services, turn, respond } = ctx;
  const member = await matchByEmail(services, turn);
  if (!member) {
    await respond.replyPrivately(notOnRoster(ctx));
    return;
  }
  const request = proposeLink(services.db, member.id, formatIdentity(turn.identity), services.clock());
  const theirs = identitiesOf(services.db, member.id).map((i) => PLATFORM_NAME[i.platform]);
  const here = PLATFORM_NAME[turn.identity.platform];
  await respond.replyPrivately({
    header: 'Link this account?',
    elements: [
      text([
        `The email of your ${here} profile matches `,
        bold(describeMember(member, getOrganization(services.db, member.organizationId))),
        ` on the roster of ${services.config.name}${theirs.length ? `, who uses PPP Bot on ${theirs.join(' and ')}` : ''}.`,
      ]),
      text(`If that is you, Confirm: this ${here} account becomes theirs too, with the same rights. If it is not, press Not me.`),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: LINK_CONFIRM, label: 'Confirm', value: String(request.id), style: 'primary' },
          { type: 'button', actionId: LINK_DECLINE, label: 'Not me', value: String(request.id) },
        ],
      },
      context('An email match is only a suggestion: nothing is linked until you confirm. Only you see this.'),
    ],
    fallback: 'Link this account to your PPP membership?',
  });
}

/** What the person who entered a code (or pressed Confirm) is told, and the member warned elsewhere. */
async function answerLink(services: Services, turn: Turn, result: LinkResult, answer: Responder['replyPrivately']): Promise<void> {
  const here = PLATFORM_NAME[turn.identity.platform];
  const fresh = (how: string) => `${how} Run \`link\` on the platform you already use for a new code.`;
  if (result.ok) {
    const { member, previous } = result;
    await answer(message(`Linked: this ${here} account is now ${member.name}'s on the roster, with the same rights as your other account. \`${turn.prefix}unlink ${turn.identity.platform}\` undoes it.`));
    // The member hears of it where they already were: a link they did not make is theirs to undo.
    const connected = services.messenger.platforms();
    const at = services.clock();
    const items = previous
      .filter((i) => connected.includes(i.platform))
      .map((i) =>
        dmItem(
          formatIdentity(i),
          message(`Your ${here} account was linked to your membership of ${services.config.name}. If that was not you, run \`${i.platform === 'teams' ? '' : '/ppp '}unlink ${turn.identity.platform}\` and tell a coordinator.`),
        ),
      );
    await sendBatch(services, `linked-${member.id}-${formatIdentity(turn.identity)}-${at.getTime()}`, items);
    return;
  }
  switch (result.why) {
    case 'malformed':
      return answer(message('That is not a link code: a code has eight letters and digits, like K7Q4-M9XP. Run `link` on the platform you already use to get one.'));
    case 'unknown':
      return answer(message(fresh('That link offer is not waiting any more.')));
    case 'wrong':
      return answer(message(fresh(`That is not a valid link code. A code works once, for ${CODE_TTL_MS / 60_000} minutes, and asking for one again replaces the last; check what you typed.`)));
    case 'throttled': {
      const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - services.clock().getTime()) / 60_000));
      return answer(message(`Too many wrong link codes from this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 'refusal'));
    }
    case 'used':
      return answer(message(fresh('That has been used already: each code or link offer works once.')));
    case 'replaced':
      return answer(message(fresh('That code was replaced: asking for a code again replaces the last one.')));
    case 'expired':
      return answer(message(fresh(`That has expired: codes last ${CODE_TTL_MS / 60_000} minutes.`)));
    case 'locked':
      return answer(message(fresh(`That code is locked after ${MAX_TRIES} wrong tries.`)));
    case 'already-yours':
      return answer(message(`This ${here} account is already ${result.member.name}'s on the roster: nothing to link.`));
    case 'taken':
      return answer(
        message(
          `This ${here} account is already on the roster as ${result.other.name} (${result.other.status}), a different record from ${result.member.name}'s, and I never merge two records on my own. If both are you, ask a coordinator: they can record the duplicate as departed (\`member @${result.other.name} depart\`) and take this account off it (\`unlink ${turn.identity.platform} @${result.other.name}\`); then ask for a new code.`,
        ),
      );
    case 'platform-taken':
      return answer(
        message(
          `${result.member.name} already has a ${PLATFORM_NAME[result.existing.platform]} account linked, and a member has one account per platform. To use this one instead, run \`unlink ${result.existing.platform}\` from the other platform, then link again.`,
        ),
      );
    case 'member-gone':
      return answer(message('The member this was for is no longer on the roster, so there is nothing to link to. Ask a coordinator.'));
    case 'not-linkable':
      return answer(message('Links join Slack and Teams accounts; the console user stands apart. Enter the code from Slack or Teams.'));
    case 'not-yours':
      return answer(message('This offer was made to another account, so it cannot be confirmed from this one.', 'refusal'));
  }
}

const ARGS = [{ name: 'code', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'anyone'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const typed = ctx.args.code;
  if (typed) {
    await answerLink(services, turn, linkByCode(services.db, typed, turn.identity, services.clock()), (c) => respond.replyPrivately(c));
    return;
  }
  if (!actor.member) return proposeOrRefuse(ctx);
  const refusal = refusalFor(actor, 'member', { command: `${turn.prefix}link`, prefix: turn.prefix });
  if (refusal) {
    await respond.replyPrivately(message(`${refusal.reason} ${refusal.remedy}`, 'refusal'));
    return;
  }
  await giveCode(ctx, actor.member);
}

async function onConfirm(ctx: ActionContext): Promise<void> {
  const { services, turn, respond } = ctx;
  const answer = respond.replace ?? respond.replyPrivately;
  const id = Number(ctx.action.value);
  if (!Number.isInteger(id)) return answer(message('That button has expired. Run `link` again.'));
  await answerLink(services, turn, confirmProposal(services.db, id, turn.identity, services.clock()), answer);
}

async function onDecline(ctx: ActionContext): Promise<void> {
  const { services, turn, respond } = ctx;
  const answer = respond.replace ?? respond.replyPrivately;
  const id = Number(ctx.action.value);
  const declined = Number.isInteger(id) && declineProposal(services.db, id, turn.identity, services.clock());
  await answer(message(declined ? 'Nothing was linked. If you are a member, run `link` on the platform you already use to get a code.' : 'That offer was already answered or is not yours.'));
}

export function registerLink(registry: Registry): void {
  registry.command({
    name: 'link',
    // Anyone: the account entering a code is usually not on the roster yet. Asking for a code needs an
    // active member, checked in the handler with the usual refusal.
    permission: 'anyone',
    usage: '[code]',
    summary: 'Use PPP Bot from both Slack and Teams as one member: get a one-time code here, enter it there.',
    details:
      'As a member, `link` shows you a one-time code (private, valid 10 minutes, 5 tries). An account that types 5 wrong codes within 15 minutes waits out the rest of that time. On your other platform, send `link <code>`: that account becomes yours too, with the same rights, and your first account is told. From an account not on the roster, `link` alone checks whether your profile email matches a member and, if it does, offers a link for you to confirm. `unlink` undoes a link.',
    args: ARGS,
    handler,
  });
  registry.action({ actionId: LINK_CONFIRM, permission: 'anyone', handler: onConfirm });
  registry.action({ actionId: LINK_DECLINE, permission: 'anyone', handler: onDecline });
}
