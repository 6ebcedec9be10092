// The baseline every fan-out figure is compared with: the same posts sent straight at the fakes from
// this process over kept-alive node:http connections, measured in the same run.
import { runLoad, type PreparedRequest } from '../lib/load.js';
import { slackChannel, teamsConversation } from '../lib/stack.js';
import { BOT_TOKEN, type FakeSlack } from '../../test/helpers/fake-slack.js';
import type { FakeTeams } from '../../test/helpers/fake-teams.js';

export const RAW_CONCURRENCY = 50;

export async function rawPosting(slack: FakeSlack, teams: FakeTeams, perPlatform: number): Promise<{ wallMs: number; errors: number; perSecond: number }> {
  const slackReqs: PreparedRequest[] = Array.from({ length: perPlatform }, (_, i) => ({
    path: '/api/chat.postMessage',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
    body: JSON.stringify({ channel: slackChannel(i), text: 'Announcement', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Announcement' } }] }),
  }));
  const teamsReqs: PreparedRequest[] = Array.from({ length: perPlatform }, (_, i) => ({
    path: `/v3/conversations/${encodeURIComponent(teamsConversation(i))}/activities`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'Announcement', attachments: [] }),
  }));
  const teamsPort = Number(new URL(teams.serviceUrl).port);
  const started = performance.now();
  const [a, b] = await Promise.all([runLoad(slack.port, slackReqs, RAW_CONCURRENCY / 2), runLoad(teamsPort, teamsReqs, RAW_CONCURRENCY / 2)]);
  const wallMs = performance.now() - started;
  return { wallMs, errors: a.errors + b.errors, perSecond: (perPlatform * 2) / (wallMs / 1000) };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
