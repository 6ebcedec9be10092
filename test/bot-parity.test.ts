// Parity: one command script run through the console adapter, Slack (signed slash commands) and Teams
// (activities in a 1:1 chat), each answer compared with the neutral bot's own answer for the same
// actor. Platforms may lay a card out differently; they may not say something else.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { cardToText } from '../src/cards/text.js';
import { makeActor } from './helpers/db.js';
import { cardActions, shownText, type TeamsUser } from './helpers/fake-teams.js';
import { recorder } from './helpers/responder.js';
import { startTestBot, turnFor, type TestBot } from './helpers/services.js';
import { blockText, startWorld, type World } from './helpers/world.js';

const SCRIPT = ['help', 'help announce', 'hlep', 'channels', 'announce', 'who Acme Logistics', 'checklist summary', 'member @nobody tier board'];

/** Words only: markup, bullets, numbering, entities and command prefixes differ by platform by design. */
function words(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\/ppp |@PPP /g, '')
    // The console numbers its buttons (`[1] Next`); the numbers are how it presses them, not words.
    .replace(/\[\d+(?:\.\d+)?\]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

function meaningfulLines(text: string): string[] {
  // A pager's buttons share the page line in text; on Teams they are the card's actions.
  return text
    .split(/\n| {2,}/)
    .map(words)
    .filter((l) => l.length > 3);
}

let world: World;
const bots: TestBot[] = [];
const answers: Record<string, { neutral: string; console: string; slack: string; teams: string }> = {};

beforeAll(async () => {
  world = await startWorld();
  const slackUser = makeActor(world.db, 'coordinator', 'slack', 7);
  const teamsAad = makeActor(world.db, 'coordinator', 'teams', 7);
  const teamsUser: TeamsUser = { id: '29:parity', name: 'Parity Coordinator', aadObjectId: teamsAad.id };

  // The neutral answers: the bot itself, for a coordinator, without any adapter.
  const neutral = await startTestBot();
  bots.push(neutral);
  const neutralBot = neutral.bot;
  const neutralActor = makeActor(neutralBot.services.db, 'coordinator', 'console', 7);
  for (const line of SCRIPT) {
    const r = recorder();
    await neutralBot.handleCommand(turnFor(neutralActor, { scope: 'personal' }), line, r);
    answers[line] = { neutral: r.sent.map((s) => (s.card ? cardToText(s.card) : s.text)).join('\n'), console: '', slack: '', teams: '' };
  }

  // The console adapter, fed the script on its input.
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  const onConsole = await startTestBot();
  bots.push(onConsole);
  const consoleBot = onConsole.bot;
  const consoleActor = makeActor(consoleBot.services.db, 'coordinator', 'console', 7);
  const consoleAdapter = new ConsoleAdapter({ bot: consoleBot, user: consoleActor.id, input, output });
  const done = consoleAdapter.run();
  for (const line of SCRIPT) {
    const mark = screen.length;
    input.write(`/ppp ${line}\n`);
    for (let i = 0; i < 200 && !screen.slice(mark).includes('ppp> '); i++) await new Promise((r) => setTimeout(r, 10));
    answers[line]!.console = screen.slice(mark);
  }
  input.end();
  await done;

  for (const line of SCRIPT) {
    const slack = await world.slash(slackUser.id, line);
    answers[line]!.slack = blockText(slack.json?.blocks) || String(slack.json?.text ?? '');
    const teams = await world.teams({ scope: 'personal', text: line, from: teamsUser });
    answers[line]!.teams = teams.calls.map((c) => [shownText(c.body), ...cardActions(c.body).map((a) => a.title)].join('\n')).join('\n');
  }
});

afterAll(async () => {
  for (const b of bots) await b.close();
  await world.close();
});

describe('the same script on the console, Slack and Teams', () => {
  for (const line of SCRIPT) {
    it(`\`${line}\` says the same everywhere`, () => {
      const a = answers[line]!;
      const expected = meaningfulLines(a.neutral);
      expect(expected.length).toBeGreaterThan(0);
      for (const platform of ['console', 'slack', 'teams'] as const) {
        const shown = words(a[platform]);
        const missing = expected.filter((l) => !shown.includes(l));
        expect(missing, `${platform} answered:\n${a[platform]}`).toEqual([]);
      }
    });
  }
});
