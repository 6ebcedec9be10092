// The baseline every fan-out figure is compared with: the same posts sent straight at the fakes from
// this process over kept-alive node:http connections, measured in the same run.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
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

/** The idle raw poster (raw-child.ts), started and ready to post. */
export async function startRawChild(slack: FakeSlack, teams: FakeTeams, perPlatform: number): Promise<ChildProcess> {
  const child = fork(join(import.meta.dirname, 'raw-child.ts'), [String(slack.port), teams.serviceUrl, String(perPlatform)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the raw poster exited (${code}) before it was ready`)));
  });
  return child;
}

export async function postFrom(child: ChildProcess): Promise<number> {
  const answer = new Promise<{ wallMs?: number; errors?: number; error?: string }>((resolve) => child.once('message', (m) => resolve(m as { wallMs?: number })));
  child.send('post');
  const r = await answer;
  if (r.error !== undefined || r.wallMs === undefined || r.errors) throw new Error(`the idle raw poster failed: ${r.error ?? `${r.errors} errors`}`);
  return r.wallMs;
}
