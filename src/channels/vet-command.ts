// `channel vet [executive|general]`: vets the conversation it is typed in, after checking the bot can
// post there (the bot must be let in first, as the adapter's remedy says).
import { literal, mention, message, type Span } from '../cards/card.js';
import { PLATFORM_SHORT_NAME } from '../core/platform-names.js';
import { profileName } from '../members/platform-profile.js';
import type { CommandContext } from '../commands/context.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { formatDate } from '../core/dates.js';
import { formatIdentity } from '../core/identity.js';
import { upTo, whatKindReceives } from '../alerts/tlp.js';
import { findMemberByIdentity } from '../members/store.js';
import { SendError, type Present } from '../messenger.js';
import { CHANNEL_KINDS, describeChannel, getChannel, vetChannel, type ChannelKind } from './store.js';

// What each kind receives comes from the alerts' TLP table (src/alerts/tlp.ts): one story about TLP.
const WHAT_KIND_RECEIVES: Record<ChannelKind, string> = { executive: whatKindReceives('executive'), general: whatKindReceives('general') };

/** How long the profile of someone not on the roster may take to name them; then they go unnamed. */
const PROFILE_WAIT_MS = 1500;

const ARGS = [{ name: 'kind', kind: 'word', optional: true, choices: CHANNEL_KINDS }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const kind = ctx.args.kind ?? 'general';
  const member = actor.member;
  const existing = getChannel(services.db, turn.conversation);
  if (existing?.status === 'vetted' && existing.kind === kind) {
    await respond.replyPrivately(
      message(`This conversation is already vetted as ${kind}${existing.vettedAt ? ` (since ${formatDate(existing.vettedAt, services.config.timezone)})` : ''}. It receives ${WHAT_KIND_RECEIVES[kind]}.`),
    );
    return;
  }
  const name = turn.conversationName ?? existing?.name ?? undefined;
  const notice = message(
    `This conversation is now vetted as ${kind} for ${services.config.name}: it receives ${WHAT_KIND_RECEIVES[kind]}. Vetted by ${member.name}.`,
  );
  try {
    await services.messenger.post(turn.conversation, notice);
  } catch (err) {
    const reason = err instanceof SendError ? err.reason : 'unknown error';
    if (err instanceof SendError && err.kind === 'not-in-conversation') {
      const again = `run \`${turn.prefix}channel vet ${kind}\` again`;
      await respond.replyPrivately(message(`I cannot post in this conversation (${reason}).${err.remedy ? ` ${err.remedy(again)}` : ''}`, 'refusal'));
      return;
    }
    await respond.replyPrivately(message(`I could not post here to confirm (${reason}), so nothing was vetted. Try again in a minute.`, 'error'));
    return;
  }
  const { previous, row } = vetChannel(services.db, {
    address: turn.conversation,
    name,
    kind,
    actor: formatIdentity(actor.identity),
    actorMemberId: member.id,
    at: services.clock(),
  });
  const change = previous?.status === 'vetted' ? ` (it was ${previous.kind})` : '';
  const outsiders = kind === 'executive' ? await outsidersPresent(ctx) : [];
  await respond.replyPrivately(message([`Vetted ${describeChannel(row)} as ${kind}${change}. It receives ${WHAT_KIND_RECEIVES[kind]}.`, ...outsiders, ` \`${turn.prefix}channels\` lists every vetted conversation.`]));
}

/**
 * An executive conversation should hold vetted members only: anyone present who is not an active
 * member is named to the coordinator (privately), so they can remove or vet them.
 */
async function outsidersPresent(ctx: Pick<CommandContext, 'services' | 'turn'>): Promise<(string | Span)[]> {
  const { services, turn } = ctx;
  let present: Present[] | undefined;
  try {
    present = await services.messenger.membersOf(turn.conversation);
  } catch (err) {
    services.log.warn({ err: err instanceof Error ? err.message : err }, 'could not list the members of a vetted conversation');
    return [' I could not list who is in it, so check its membership yourself.'];
  }
  if (!present) return [];
  const outsiders = present
    .map((identity) => ({ identity, member: findMemberByIdentity(services.db, { platform: identity.platform, id: identity.id }) }))
    .filter((p) => p.member?.status !== 'active');
  if (outsiders.length === 0) return [` Everyone in it (${present.length}) is an active member.`];
  // Someone not on the roster is named as the platform names them (a real mention on Slack), never by id.
  const named = await Promise.all(
    outsiders.slice(0, 20).map(async (p): Promise<(string | Span)[]> => {
      if (p.member) return [literal(p.member.name), ` (${p.member.status})`];
      const name = p.identity.name ?? (await profileName(services, p.identity, PROFILE_WAIT_MS));
      return [mention(p.identity, name ?? `someone on ${PLATFORM_SHORT_NAME[p.identity.platform]}`), ' (not on the roster)'];
    }),
  );
  const more = outsiders.length > 20 ? ` and ${outsiders.length - 20} more` : '';
  return [' Present but not active members: ', ...named.flatMap((n, i) => (i === 0 ? n : [', ', ...n])), `${more}. Remove them, or nominate and vet them.`];
}

export function registerChannelVet(registry: Registry): void {
  registry.command({
    name: 'channel vet',
    permission: 'coordinator',
    usage: '[executive|general]',
    summary: `Vet this conversation to receive announcements and alerts (executive: ${upTo('executive')}; general: ${upTo('general')}).`,
    details: `Run it inside the conversation to vet. \`executive\` conversations receive ${WHAT_KIND_RECEIVES.executive}; \`general\` ones receive ${WHAT_KIND_RECEIVES.general}. An alert never reaches a conversation that is not vetted. The bot posts a notice to check it can; invite it first to a private channel.`,
    args: ARGS,
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
