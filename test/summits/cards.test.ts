// The posted event card as each platform receives it: exact Block Kit (user text escaped, the RSVP
// buttons with their values, the bot's own calendar link), a clean Adaptive Card 1.5, and no buttons
// once it is cancelled or has started.
import { describe, expect, it } from 'vitest';
import { cardToBlockKit } from '../../adapters/slack/cards.js';
import { cardToAdaptiveCard } from '../../adapters/teams/cards.js';
import { renderText } from '../../src/cards/text.js';
import { eventCard, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { checked } from '../adapters/teams/adaptive.js';

const pt = (text: string) => ({ type: 'plain_text', text, emoji: true });
const md = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const event = {
  id: 12,
  kind: 'summit' as const,
  title: 'Spring summit <!here> *bold*',
  place: 'Target HQ & <@U999>',
  startsAt: new Date('2027-03-15T14:00:00Z'),
  zone: 'America/Chicago',
  durationMs: 90 * 60_000,
  status: 'scheduled' as const,
  cancelReason: null,
};
const BEFORE = new Date('2027-01-10T15:00:00Z');
const counts = { going: 3, notGoing: 1, alternate: 2 };
const links = { icsUrl: 'https://ppp.example.org/events/tok.ics' };

describe('the event card', () => {
  it('renders as exact Block Kit, user text escaped so nobody is pinged', () => {
    expect(cardToBlockKit(eventCard('Twin Cities Security Partnership', event, counts, links, BEFORE))).toEqual([
      { type: 'header', text: pt('Summit: Spring summit <!here> *bold*') },
      { type: 'section', fields: [md('*When*\nMonday 15 March 2027, 09:00 CDT'), md('*Length*\n1 h 30 min'), md('*Where*\nTarget HQ &amp; &lt;@U999&gt;')] },
      { type: 'section', text: md('*Answers so far:* Going: 3 · Not going: 1 · Sending an alternate: 2') },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: SUMMIT_RSVP, text: pt('Going'), value: '12:going', style: 'primary' },
          { type: 'button', action_id: `${SUMMIT_RSVP}::1`, text: pt('Not going'), value: '12:not-going' },
          { type: 'button', action_id: `${SUMMIT_RSVP}::2`, text: pt('Sending my alternate'), value: '12:alternate' },
        ],
      },
      { type: 'context', elements: [md('<https://ppp.example.org/events/tok.ics|Add to calendar> — or press Going and I send the invite to your direct messages.')] },
      { type: 'context', elements: [md('Twin Cities Security Partnership · Summit #12')] },
    ]);
  });

  it('is a clean Adaptive Card 1.5 with the three answers as Action.Submit', () => {
    const card = checked(cardToAdaptiveCard(eventCard('Twin Cities Security Partnership', event, counts, links, BEFORE)));
    const json = JSON.stringify(card);
    expect(json.match(/"Action.Submit"/g)).toHaveLength(3);
    expect(json).toContain('"12:alternate"');
    expect(json).toContain('Target HQ & <@U999>');
  });

  it('loses its buttons when cancelled (with the reason) and once the event has started', () => {
    const cancelled = eventCard('P', { ...event, status: 'cancelled', cancelReason: 'venue flooded' }, counts, links, BEFORE);
    expect(JSON.stringify(cancelled)).not.toContain(SUMMIT_RSVP);
    expect(renderText(cancelled).text).toContain('venue flooded');
    expect(cancelled.header).toBe('Cancelled — Summit: Spring summit <!here> *bold*');
    const started = eventCard('P', event, counts, links, new Date('2027-03-15T14:00:00Z'));
    expect(JSON.stringify(started)).not.toContain(SUMMIT_RSVP);
    expect(renderText(started).text).toContain('It has started: answers are closed.');
  });
});
