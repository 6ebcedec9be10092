// Platform events the adapters report in neutral form: the bot lost a conversation, an app was
// uninstalled, someone joined a vetted conversation. Coordinators hear of each at once by DM.
import { resolveActor, standingOf } from './auth/actor.js';
import { mention, message } from './cards/card.js';
import { describeChannel, getChannel, markUnreachable } from './channels/store.js';
import type { Services } from './services.js';
import type { Address } from './core/address.js';
import { formatIdentity, type Identity, type Platform } from './core/identity.js';
import { PLATFORM_NAME, PLATFORM_SHORT_NAME } from './core/platform-names.js';
import { notifyCoordinators } from './members/reach.js';

export type PlatformEvent =
  | { type: 'conversation-lost'; address: Address; reason: string }
  | { type: 'platform-uninstalled'; platform: Platform; reason: string }
  | { type: 'member-joined'; address: Address; identity: Identity; displayName?: string };

export async function handlePlatformEvent(services: Services, event: PlatformEvent): Promise<void> {
  const at = services.clock();
  switch (event.type) {
    case 'conversation-lost': {
      const row = markUnreachable(services.db, event.address, event.reason, at);
      if (!row) return;
      services.log.warn({ address: row.address, reason: event.reason }, 'lost a vetted conversation');
      await notifyCoordinators(
        services,
        `lost-${row.id}-${at.getTime()}`,
        message(
          `PPP Bot can no longer post in ${describeChannel(row)}, a vetted ${row.kind} conversation (${event.reason}). It is marked unreachable: announcements and alerts skip it until the bot is added back and a coordinator runs \`channel vet ${row.kind}\` there again.`,
        ),
      );
      return;
    }
    case 'platform-uninstalled': {
      services.log.error({ platform: event.platform, reason: event.reason }, 'the app was uninstalled or its token revoked');
      await notifyCoordinators(
        services,
        `uninstalled-${event.platform}-${at.getTime()}`,
        message(
          `PPP Bot lost its connection to ${PLATFORM_NAME[event.platform]} (${event.reason}): nothing can be delivered there until an administrator reinstalls the app and updates its token.`,
        ),
        { excludePlatform: event.platform },
      );
      return;
    }
    case 'member-joined': {
      const channel = getChannel(services.db, event.address);
      if (!channel || channel.status !== 'vetted' || channel.kind !== 'executive') return;
      const actor = resolveActor(services.db, event.identity, event.displayName, at);
      const standing = standingOf(actor);
      if (standing === 'active') return;
      // Named as the roster or the platform names them (a real mention on Slack), never by account id.
      const who = mention(event.identity, actor.member?.name ?? event.displayName ?? `someone on ${PLATFORM_SHORT_NAME[event.identity.platform]}`);
      await notifyCoordinators(
        services,
        `joined-${channel.id}-${formatIdentity(event.identity)}-${at.getTime()}`,
        message([
          who,
          ` (${standing === 'stranger' ? 'not on the roster' : standing}) joined ${describeChannel(channel)}, a vetted executive conversation. If they should not be there, remove them; if they should, nominate and vet them.`,
        ]),
      );
      return;
    }
  }
}
