// The incident-alert shape on the engine in this process: one send to 200 vetted channels (100 Slack,
// 100 Teams) plus a direct message to 2,000 members (1,000 on each platform). The first time every DM
// is opened (Slack conversations.open, Teams createConversation); the second time SQLite knows them all.
import { message } from '../../src/cards/card.js';
import { dmItem, postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { startFakeSlack, TEAM_ID } from '../../test/helpers/fake-slack.js';
import { FakeTeams } from '../../test/helpers/fake-teams.js';
import { seedTeamsChannels, settle, startStack, teamsConversation } from '../lib/stack.js';
import { rawPosting, round } from './raw.js';
import type { Scenario } from './scenario.js';

const CHANNELS = 100;
const MEMBERS = 1000;

export async function alertShape(redisUrl: string): Promise<Scenario> {
  const slack = await startFakeSlack();
  const teams = await FakeTeams.start();
  const stack = await startStack(redisUrl, slack, teams);
  try {
    seedTeamsChannels(stack.services, teams, CHANNELS);
    await rawPosting(slack, teams, MEMBERS);
    const raw = await rawPosting(slack, teams, MEMBERS);
    const items = (n: number) => {
      const card = message(`URGENT (TLP:AMBER) alert ${n}: water main break, avoid 5th St. Acknowledge when read.`);
      return [
        ...Array.from({ length: CHANNELS }, (_, i) => postItem(`slack:${TEAM_ID}:CA${String(i).padStart(5, '0')}`, card)),
        ...Array.from({ length: CHANNELS }, (_, i) => postItem(`teams:${teamsConversation(i)}`, card)),
        ...Array.from({ length: MEMBERS }, (_, i) => dmItem(`slack:U${String(i).padStart(7, '0')}`, card)),
        ...Array.from({ length: MEMBERS }, (_, i) => dmItem(`teams:aad-member-${i}`, card)),
      ];
    };
    const runs: { label: string; wallMs: number; copies: number; sent: number; opened: number; created: number }[] = [];
    for (const [n, label] of [
      [1, 'alert shape, DMs opened'],
      [2, 'alert shape again, DMs cached'],
    ] as const) {
      const opens = slack.callsTo('conversations.open').length;
      const creates = teams.calls.filter((c) => c.kind === 'create').length;
      const started = performance.now();
      await sendBatch(stack.services, `alert-${n}`, items(n));
      await settle(stack.services, [`alert-${n}`], 120_000);
      const wallMs = performance.now() - started;
      const report = deliveryReport(stack.services.db, `alert-${n}`);
      runs.push({
        label,
        wallMs,
        copies: report.total,
        sent: report.sent,
        opened: slack.callsTo('conversations.open').length - opens,
        created: teams.calls.filter((c) => c.kind === 'create').length - creates,
      });
    }
    const total = 2 * (CHANNELS + MEMBERS);
    return {
      rows: [
        { run: 'raw HTTP posting (alert comparison)', conversations: 2 * MEMBERS, 'wall ms': Math.round(raw.wallMs), 'posts/s': Math.round(raw.perSecond), errors: raw.errors },
        ...runs.map((r) => ({ run: `${r.label} (${r.opened} opened, ${r.created} created)`, conversations: r.copies, 'wall ms': Math.round(r.wallMs), 'posts/s': Math.round(r.copies / (r.wallMs / 1000)), errors: r.copies - r.sent })),
      ],
      checks: [
        { name: 'alert shape: every copy sent, both times', target: `${total} each`, actual: runs.map((r) => `${r.sent}`).join(', '), pass: runs.every((r) => r.sent === total) },
        { name: 'alert shape: time to the last copy (DMs opened / cached)', target: 'reported', actual: runs.map((r) => `${round(r.wallMs / 1000, 2)} s`).join(' / '), pass: true },
        { name: 'alert shape: the second alert opens no DM', target: '0 conversations.open, 0 createConversation', actual: `${runs[1]!.opened}, ${runs[1]!.created}`, pass: runs[1]!.opened === 0 && runs[1]!.created === 0 },
      ],
      notes: [],
      data: { alert: { channels: 2 * CHANNELS, members: 2 * MEMBERS, rawWallMs: raw.wallMs, runs } },
    };
  } finally {
    await stack.close();
    await slack.close();
    await teams.close();
  }
}
