// The partnership the alert benchmark runs on: a board member who sends, 200 vetted executive
// conversations (100 Slack, 100 Teams) and 2,000 members to message directly, seeded into SQLite as
// `channel vet`, `roster import` and installing the Teams app would leave them.
import { saveReference } from '../adapters/teams/references.js';
import type { Db } from '../db/client.js';
import { channels, identities, members } from '../db/schema.js';
import { TEAM_ID } from '../test/helpers/fake-slack.js';
import { BOT, TENANT } from '../test/helpers/fake-teams.js';

export const SENDER = 'U0SENDER1';
export const slackChannel = (i: number) => `CA${String(i).padStart(4, '0')}`;
export const teamsChannel = (i: number) => `19:alert-bench-${i}@thread.tacv2`;
export const slackMember = (i: number) => `U0MB${String(i).padStart(5, '0')}`;
export const teamsMember = (i: number) => `aad-bench-${i}`;

export interface Shape {
  slackChannels: number;
  teamsChannels: number;
  slackMembers: number;
  teamsMembers: number;
  /** Where Teams conversations live (the fake connector); absent when Teams is not in the run. */
  teamsServiceUrl?: string;
}

function reference(db: Db, address: string, conversationId: string, scope: 'channel' | 'personal', serviceUrl: string, user?: string): void {
  saveReference(
    db,
    {
      address,
      scope,
      userIdentity: user ? `teams:${user}` : null,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        bot: { ...BOT },
        ...(user ? { user: { id: `29:${user}`, aadObjectId: user } } : {}),
        conversation: { id: conversationId, conversationType: scope, tenantId: TENANT, ...(scope === 'channel' ? { isGroup: true } : {}) },
      },
    },
    new Date(),
  );
}

export function seedPartnership(db: Db, shape: Shape): void {
  const at = new Date();
  db.transaction((tx) => {
    const person = (name: string, platform: 'slack' | 'teams', id: string, tier = 'member') => {
      const m = tx.insert(members).values({ name, status: 'active', tier, nameEdited: true, statusChangedAt: at, createdAt: at, updatedAt: at }).returning({ id: members.id }).get();
      tx.insert(identities).values({ memberId: m.id, platform, externalId: id, createdAt: at }).run();
    };
    person('Bench Board Member', 'slack', SENDER, 'board');
    for (let i = 0; i < shape.slackMembers; i++) person(`Slack Member ${i}`, 'slack', slackMember(i));
    for (let i = 0; i < shape.teamsMembers; i++) person(`Teams Member ${i}`, 'teams', teamsMember(i));
    for (let i = 0; i < shape.slackChannels; i++) {
      tx.insert(channels).values({ address: `slack:${TEAM_ID}:${slackChannel(i)}`, platform: 'slack', name: `exec-${i}`, kind: 'executive', status: 'vetted', updatedAt: at }).run();
    }
    for (let i = 0; i < shape.teamsChannels; i++) {
      tx.insert(channels).values({ address: `teams:${teamsChannel(i)}`, platform: 'teams', name: `Executive ${i}`, kind: 'executive', status: 'vetted', updatedAt: at }).run();
    }
  });
  if (shape.teamsServiceUrl) {
    for (let i = 0; i < shape.teamsChannels; i++) reference(db, `teams:${teamsChannel(i)}`, teamsChannel(i), 'channel', shape.teamsServiceUrl);
    // Members who have the app: their 1:1 chat with the bot is known, as after any first conversation.
    for (let i = 0; i < shape.teamsMembers; i++) reference(db, `teams:a:dm-${teamsMember(i)}`, `a:dm-${teamsMember(i)}`, 'personal', shape.teamsServiceUrl, teamsMember(i));
  }
}
