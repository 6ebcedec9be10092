// The alert's cards as each platform renders them: the channel copy in exact Block Kit and a clean
// Adaptive Card 1.5; people's text (title, details, names) never formats, links or pings anyone — a
// `<!channel>` in a title stays text; and the biggest preview and ledger stay within Slack's and Teams' limits.
import { describe, expect, it } from 'vitest';
import { cardToBlockKit, LIMITS } from '../../adapters/slack/cards.js';
import { cardToAdaptiveCard } from '../../adapters/teams/cards.js';
import type { AlertAudience } from '../../src/alerts/audience.js';
import { copyCard } from '../../src/alerts/cards.js';
import type { Ledger } from '../../src/alerts/ledger.js';
import type { AlertRow } from '../../src/alerts/model.js';
import { previewCard } from '../../src/alerts/preview-card.js';
import { ledgerCard } from '../../src/alerts/status-command.js';
import type { AlertView } from '../../src/alerts/view.js';
import { allNodes, checked } from '../adapters/teams/adaptive.js';

const SENT = new Date('2026-11-22T14:02:00Z');

function alert(overrides: Partial<AlertRow> = {}): AlertRow {
  return {
    id: 12,
    severity: 'urgent',
    tlp: 'AMBER',
    title: '<!channel> Suspicious *package* at 5th & Main',
    details: 'Units on scene; see [map](https://evil.example) <@U0BOSS>',
    composerId: 1,
    status: 'sent',
    namedMemberIds: [],
    approvalRequestedAt: null,
    approvedBy: null,
    approvedAt: null,
    declinedBy: null,
    declinedAt: null,
    breakGlassBy: null,
    breakGlassReason: null,
    sentAt: SENT,
    resolvedBy: null,
    resolvedAt: null,
    previewAddress: null,
    previewMessageId: null,
    redrawPending: false,
    redrawRound: 0,
    createdAt: SENT,
    updatedAt: SENT,
    ...overrides,
  };
}

const view = (a: AlertRow = alert()): AlertView => ({
  alert: a,
  composer: { name: 'Dana <Holt>', organization: 'Metro_Police' },
  updates: [],
  tally: { total: 41, answered: 14, acknowledged: 10, safe: 2, needHelp: 2 },
});
const OPTIONS = { partnership: 'Twin Cities Security Partnership', zone: 'America/Chicago' } as const;
const WJ = '\u2060';

describe('an alert copy', () => {
  it('renders as exact Block Kit, people’s text escaped so nobody is pinged', () => {
    expect(cardToBlockKit(copyCard(view(), { ...OPTIONS, where: 'channel' }))).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'URGENT alert #12 · TLP:AMBER', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `*&lt;!channel&gt; Suspicious ${WJ}*${WJ}package${WJ}*${WJ} at 5th &amp; Main*`, verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Units on scene; see [map](https://evil.example) &lt;@U0BOSS&gt;', verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'TLP:AMBER — Share only inside your own organization and with its clients, and only with those who need to know.', verbatim: true }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'From Dana &lt;Holt&gt; (Metro_Police) · Twin Cities Security Partnership · sent 08:02 CST, 22 Nov', verbatim: true }] },
      { type: 'section', text: { type: 'mrkdwn', text: '*Answers:* acknowledged 14 of 41 · 2 safe · 2 need help', verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Members, please answer: each of you counts once, whichever account you answer from.', verbatim: true }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'alert.answer', text: { type: 'plain_text', text: 'Acknowledged', emoji: true }, value: '12:acknowledged', style: 'primary' },
          { type: 'button', action_id: 'alert.answer::1', text: { type: 'plain_text', text: 'Safe', emoji: true }, value: '12:safe' },
          { type: 'button', action_id: 'alert.answer::2', text: { type: 'plain_text', text: 'Need help', emoji: true }, value: '12:need-help', style: 'danger' },
        ],
      },
    ]);
  });

  it('renders as a clean Adaptive Card 1.5 with the title and details as plain text runs', () => {
    const card = checked(cardToAdaptiveCard(copyCard(view(), { ...OPTIONS, where: 'channel' })));
    const runs = allNodes(card).filter((n) => n.type === 'TextRun').map((n) => n.text);
    expect(runs).toContain('<!channel> Suspicious *package* at 5th & Main');
    expect(runs).toContain('Units on scene; see [map](https://evil.example) <@U0BOSS>');
    // No TextBlock (which Teams reads as markdown) carries people's text.
    expect(allNodes(card).filter((n) => n.type === 'TextBlock')).toEqual([]);
    expect(allNodes(card).filter((n) => n.type === 'Action.Submit').map((n) => n.title)).toEqual(['Acknowledged', 'Safe', 'Need help']);
  });

  it('once resolved, shows ALL CLEAR and carries no answer buttons', () => {
    const resolved = { ...view(alert({ status: 'resolved', resolvedAt: SENT })), resolution: { id: 3, alertId: 12, kind: 'resolve', text: 'Area reopened', authorId: 1, at: SENT, authorName: 'Dana Holt' }, resolverName: 'Dana Holt' };
    const blocks = JSON.stringify(cardToBlockKit(copyCard(resolved, { ...OPTIONS, where: 'channel' })));
    expect(blocks).toContain('RESOLVED — URGENT alert #12');
    expect(blocks).toContain('ALL CLEAR 08:02 CST, 22 Nov');
    expect(blocks).not.toContain('alert.answer');
  });
});

describe('the largest cards fit both platforms', () => {
  const people = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ memberId: i, name: `${prefix} Member ${i} with a rather long name`, organization: `Organization ${i % 97}`, contact247: '+1 612 555 0100', target: `slack:U${i}` }));

  it('a preview with 200 conversations, 2,000 direct messages and 500 people to call', () => {
    const audience: AlertAudience = {
      label: 'AMBER',
      conversations: Array.from({ length: 200 }, (_, i) => ({ address: `slack:T1:C${i}`, platform: i % 2 ? 'slack' : 'teams', name: `executive-conversation-${i}`, kind: 'executive' })),
      leftOut: 3,
      direct: true,
      reach: { reachable: people(2000, 'Reachable'), unreachable: people(500, 'Unreachable') },
    };
    const card = previewCard(view(alert({ status: 'draft', sentAt: null })), audience, { ...OPTIONS, needsApproval: false, canBreakGlass: false, approvers: 3 });
    const blocks = cardToBlockKit(card);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const b of blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(JSON.stringify(blocks)).toContain('alert.send');
    checked(cardToAdaptiveCard(card));
  });

  it('a ledger of 300 organizations and 200 conversations, paged', () => {
    const ledger: Ledger = {
      organizations: Array.from({ length: 300 }, (_, i) => ({ name: `Organization ${i}`, members: Array.from({ length: 7 }, (_, j) => ({ memberId: i * 10 + j, name: `Person ${i}-${j}`, answer: j % 2 ? 'safe' : null, answeredAt: j % 2 ? SENT : null, via: 'slack', contact247: null, escalated: false })) })),
      needHelp: [],
      notAnswered: 1200,
      posts: Array.from({ length: 200 }, (_, i) => ({ kind: 'post', target: `slack:T1:C${i}`, status: i % 50 ? 'sent' : 'failed', messageId: '1.1', messageAddress: null, error: i % 50 ? null : 'not in the conversation', settledAt: SENT, repeated: false })),
      dms: [],
      settled: true,
      calls: Array.from({ length: 100 }, (_, i) => ({ name: `Caller ${i}`, contact247: '+1 612 555 0100' })),
    };
    const card = ledgerCard(alert(), ledger, { zone: OPTIONS.zone, names: new Map(), page: 2, tally: 'acknowledged 900 of 2100' });
    const blocks = cardToBlockKit(card);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(JSON.stringify(blocks)).toContain('Page 2 of 15');
    checked(cardToAdaptiveCard(card));
  });
});
