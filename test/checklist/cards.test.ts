// The checklist's cards on both platforms, at their fullest: every review card, summary and history page
// fits one message — Slack's limits with nothing cut, and an Adaptive Card 1.5 that Microsoft's
// parser accepts, under 80 KB as UTF-16 — and what members typed stays plain text.
import { describe, expect, it } from 'vitest';
import { cardToBlockKit, LIMITS, type Block } from '../../adapters/slack/cards.js';
import { cardBytes, cardToAdaptiveCard, MAX_CARD_BYTES, renderForTeams } from '../../adapters/teams/cards.js';
import type { Card } from '../../src/cards/card.js';
import { historyCard } from '../../src/checklist/history-command.js';
import { drawReview } from '../../src/checklist/renderers.js';
import { closeReview, getReview, marksOf, openReview, reviewsOf, setMarks, setNote } from '../../src/checklist/store.js';
import { summaryCard } from '../../src/checklist/summary.js';
import { tallyReview } from '../../src/checklist/tally.js';
import { itemsOf, MARKS, TEMPLATES, type TemplateKey } from '../../src/checklist/templates.js';
import type { Services } from '../../src/services.js';
import { loadConfig } from '../../src/config.js';
import { adaptiveCardProblems } from '../adapters/teams/adaptive.js';
import { makeActor, memoryDb } from '../helpers/db.js';

const MEMBERS = 60;
const at = new Date('2026-11-22T12:00:00Z');

/** What drawing a card reads: the database and the partnership's settings (no sending here). */
type Drawing = Pick<Services, 'db' | 'config'>;

function services(): Drawing {
  return { db: memoryDb(), config: loadConfig({ PPP_NAME: 'Twin Cities Test Partnership', DATA_DIR: '/nonexistent-test-dir' }) };
}

const LONG = 'Our district captains meet the retail loss-prevention leads monthly <!channel> & [x](https://e) **bold** '.repeat(20);

/** A review of `template` where sixty members marked (or answered) every item and left long notes. */
function fullReview(s: Drawing, template: TemplateKey, close = false) {
  const ids = Array.from({ length: MEMBERS }, (_, i) => makeActor(s.db, 'member', 'slack', i));
  const opened = openReview(s.db, template, 'slack:T1:C1', { memberId: 1, identity: 'slack:UMEMBER0' }, at);
  if (!opened.ok) throw new Error('not opened');
  const review = opened.review;
  ids.forEach((_, i) => {
    const items = itemsOf(TEMPLATES[template]);
    if (TEMPLATES[template].kind === 'marks') setMarks(s.db, review.id, i + 1, items.map(({ item }, k) => ({ itemKey: item.key, mark: MARKS[(i + k) % 4]! })), at);
    for (const { item } of items) setNote(s.db, review.id, item.key, i + 1, `${i}: ${LONG}`.slice(0, 2000), at);
  });
  if (close) closeReview(s.db, review.id, { memberId: 1, identity: 'slack:UMEMBER0' }, at);
  return getReview(s.db, review.id)!;
}

/** Every limit Slack enforces on a message, and nothing cut by the renderer to get there. */
function expectSlackFits(card: Card): Block[] {
  const blocks = cardToBlockKit(card, Number.MAX_SAFE_INTEGER);
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  const ids = blocks.map((b) => (b as { block_id?: string }).block_id).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
  for (const b of blocks as Record<string, any>[]) {
    if (b.block_id) expect(b.block_id.length).toBeLessThanOrEqual(255);
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'context') for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'actions') expect(b.elements.length).toBeLessThanOrEqual(LIMITS.actionElements);
    for (const el of b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []) {
      expect(el.action_id.length).toBeLessThanOrEqual(255);
      for (const o of el.options ?? []) {
        expect(o.value.length).toBeLessThanOrEqual(LIMITS.optionValue);
        expect(o.text.text.length).toBeLessThanOrEqual(LIMITS.optionText);
      }
    }
  }
  // The renderer's own safety net (a "… more not shown" line) must not have been needed.
  expect(JSON.stringify(blocks)).not.toContain('more not shown');
  expect(cardToBlockKit(card)).toEqual(blocks);
  return blocks;
}

function expectTeamsFits(card: Card): void {
  const adaptive = cardToAdaptiveCard(card);
  expect(adaptiveCardProblems(adaptive)).toEqual([]);
  expect(cardBytes(adaptive)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  // Not shortened on the way out either.
  expect(renderForTeams(card)).toEqual(adaptive);
}

describe('the review card', () => {
  for (const template of ['ingredients', 'business-case', 'self-assessment'] as const) {
    for (const closed of [false, true]) {
      it(`${template}, ${closed ? 'closed' : 'open'}, with sixty members on every item, fits both platforms`, () => {
        const s = services();
        const card = drawReview(s, fullReview(s, template, closed))!;
        const blocks = expectSlackFits(card);
        expectTeamsFits(card);
        if (template === 'ingredients') {
          // 1 header + 2 context + 6 ingredients + 25 questions + 1 context.
          expect(blocks).toHaveLength(35);
          expect(blocks.filter((b) => (b as { accessory?: unknown }).accessory)).toHaveLength(closed ? 0 : 25);
        }
      });
    }
  }

  it('renders a question as a section with its tally and a select naming its item, exactly', () => {
    const s = services();
    const review = fullReview(s, 'ingredients');
    const blocks = cardToBlockKit(drawReview(s, review)!);
    const option = (label: string, value: string) => ({ text: { type: 'plain_text', text: label, emoji: true }, value });
    expect(blocks[4]).toEqual({
      type: 'section',
      block_id: 'ppp~1~1:exec.1',
      text: { type: 'mrkdwn', text: '*1.* Do the chief and the corporate security chiefs treat their peer relationship as a priority?\nin place 15 · partly 15 · not yet 15 · n.a. 15 · 60 notes', verbatim: true },
      accessory: {
        type: 'static_select',
        action_id: 'checklist.mark',
        placeholder: { type: 'plain_text', text: 'Mark…', emoji: true },
        options: [
          option('in place', 'exec.1=in'),
          option('partly', 'exec.1=partly'),
          option('not yet', 'exec.1=not-yet'),
          option('not applicable', 'exec.1=na'),
          option('add a note…', 'exec.1=note'),
        ],
      },
    });
    // On Teams the same selects carry their item in the Save action, one binding per question.
    const save = cardToAdaptiveCard(drawReview(s, review)!).actions![0] as { title: string; data: { _ppp: { s: { c: string }[] } } };
    expect(save.title).toBe('Save');
    expect(save.data._ppp.s.map((b) => b.c)).toEqual(itemsOf(TEMPLATES.ingredients).map(({ item }) => `1:${item.key}`));
  });
});

describe('the summary', () => {
  for (const template of ['ingredients', 'business-case', 'self-assessment'] as const) {
    it(`${template}: sixty members' long notes and answers still fit one message, capped with a pointer to the export`, () => {
      const s = services();
      const review = fullReview(s, template);
      const tally = tallyReview(TEMPLATES[template], marksOf(s.db, review.id));
      const card = summaryCard(review, TEMPLATES[template], tally, 'America/Chicago');
      expectSlackFits(card);
      expectTeamsFits(card);
      expect(JSON.stringify(card)).toContain('the export has them all');
    });
  }

  it('keeps what members typed as plain text on both platforms', () => {
    const s = services();
    const review = fullReview(s, 'ingredients');
    const card = summaryCard(review, TEMPLATES.ingredients, tallyReview(TEMPLATES.ingredients, marksOf(s.db, review.id)), 'America/Chicago');
    const slack = JSON.stringify(cardToBlockKit(card));
    // Escaped, and each * wrapped in word joiners (U+2060) so that `**bold**` cannot format.
    expect(slack).toContain('&lt;!channel&gt; &amp; [x](https://e) \u2060*\u2060\u2060*\u2060bold\u2060*\u2060\u2060*\u2060');
    expect(slack).not.toContain('<!channel>');
    const runs = JSON.stringify(cardToAdaptiveCard(card));
    expect(runs).toContain('{"type":"TextRun","text":"\\n• 4. “"},{"type":"TextRun","text":"59: Our district captains meet the retail loss-prevention leads monthly <!channel> & [x](https://e) **bold**');
  });
});

describe('the history', () => {
  it('pages thirty reviews ten at a time, each page within both platforms’ limits', () => {
    const s = services();
    const voters = 8;
    for (let i = 0; i < voters; i++) makeActor(s.db, 'member', 'slack', i);
    for (let n = 0; n < 30; n++) {
      const opened = openReview(s.db, 'ingredients', 'slack:T1:C1', { memberId: 1, identity: 'slack:UMEMBER0' }, new Date(at.getTime() + n * 86_400_000));
      if (!opened.ok) throw new Error('not opened');
      for (let m = 1; m <= voters; m++) setMarks(s.db, opened.review.id, m, itemsOf(TEMPLATES.ingredients).map(({ item }, k) => ({ itemKey: item.key, mark: MARKS[(m + k + n) % 3]! })), at);
      closeReview(s.db, opened.review.id, { memberId: 1, identity: 'slack:UMEMBER0' }, new Date(at.getTime() + n * 86_400_000 + 3_600_000));
    }
    const reviews = reviewsOf(s.db, 'ingredients');
    const tallies = new Map(reviews.map((r) => [r.id, tallyReview(TEMPLATES.ingredients, marksOf(s.db, r.id))]));
    for (const page of [1, 2, 3]) {
      const card = historyCard(TEMPLATES.ingredients, reviews, tallies, page, 'America/Chicago', '/ppp ');
      expectSlackFits(card);
      expectTeamsFits(card);
    }
    const first = JSON.stringify(cardToBlockKit(historyCard(TEMPLATES.ingredients, reviews, tallies, 1, 'America/Chicago', '/ppp ')));
    expect(first).toContain('Page 1 of 3 (30 in all)');
  });
});
