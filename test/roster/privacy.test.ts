// Private answers stay private: drives every command through the bot as every kind of actor, in a
// channel and in private, and checks that no contact detail (24/7 line, email, phone) is in any public
// reply, any post or edit to a conversation, or anything at all that reaches someone who is not an active member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organization, seed } from '../helpers/db.js';
import { fullText, buttonOn, consoleTurn, person, startWorld, type World } from '../helpers/world.js';
import { recorder, type Recorded } from '../helpers/responder.js';
import { ANNOUNCE_SEND } from '../../src/announce/cards.js';
import { JOIN_FORM } from '../../src/roster/membership/join-command.js';
import { ROSTER_DECLINE } from '../../src/roster/membership/cards.js';
import type { Identity } from '../../src/core/identity.js';
import type { Turn } from '../../src/commands/context.js';
import { findMemberByIdentity } from '../../src/members/store.js';

/** Every contact detail seeded below contains one of these. */
const CONTACT = /555[ -]?0\d{3}|@contact\.example/;

let w: World;
const everything: { to: Identity; record: Recorded; where: 'channel' | 'private' }[] = [];
const cora = person('cora');
const mo = person('mo');
const bea = person('bea');
const outsiders = { stranger: person('sam'), nominated: person('nina'), suspended: person('sue'), departed: person('dee') };
const CHANNEL: Partial<Turn> = { conversation: 'console:exec-room', conversationName: 'exec room', scope: 'channel' };

function recordText(r: Recorded): string {
  if (r.form) return JSON.stringify(r.form);
  return r.card ? fullText(r.card) : r.text;
}

async function as(who: Identity, line: string, where: 'channel' | 'private' = 'channel') {
  const respond = await w.run(who, line, where === 'channel' ? CHANNEL : {});
  for (const record of respond.sent) everything.push({ to: who, record, where });
  return respond;
}

beforeAll(async () => {
  w = await startWorld({ platforms: ['console'] });
  const target = organization(w.db, 'Target Corporation');
  const card = (n: number) => ({ contact247: `+1 612 555 0${100 + n}`, email: `m${n}@contact.example`, alternateName: `Alt ${n}`, alternatePhone: `651 555 0${200 + n}`, alternateEmail: `alt${n}@contact.example`, organizationId: target, capabilities: ['cctv'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { ...card(1), isCoordinator: true, coordinatorVia: 'command' } });
  seed(w.db, { name: 'Mo Member', identity: mo, set: card(2) });
  seed(w.db, { name: 'Bea Board', identity: bea, set: { ...card(3), tier: 'board' } });
  seed(w.db, { name: 'Nina Nominee', status: 'nominated', identity: outsiders.nominated, set: card(4) });
  seed(w.db, { name: 'Sue Suspended', status: 'suspended', identity: outsiders.suspended, set: card(5) });
  seed(w.db, { name: 'Dee Departed', status: 'departed', identity: outsiders.departed, set: card(6) });
  seed(w.db, { name: 'Pete Phoneless', identity: person('pete'), set: card(7) });

  // Conversations that receive posts: one vetted (the notice is a post), then an announcement to it.
  await as(cora, 'channel vet executive');
  await as(cora, 'announce Summit moved to Thursday', 'private');
  const preview = w.dmsTo('console:cora').at(-1)!.card;
  const send = buttonOn(preview, ANNOUNCE_SEND);
  await w.bot.handleAction(consoleTurn(cora), { actionId: send.actionId, value: send.value! }, recorder());

  // Every command, as every actor, in a channel and in private.
  const lines = [
    'help', 'help who', 'roster', 'roster target', 'roster board', 'who target', 'who cctv', 'who Targt', 'profile', 'join', 'audit', 'audit 50',
    'nominate np@contact.example New Person', 'vet @"New Person"', 'member @"Pete Phoneless" edit', 'roster add', 'channels',
  ];
  for (const who of [cora, mo, bea, ...Object.values(outsiders)]) {
    for (const line of lines) {
      await as(who, line, 'channel');
      await as(who, line, 'private');
    }
  }
  // Roster changes, with their DMs to people who are no longer (or not yet) members.
  await as(cora, 'member @"Pete Phoneless" suspend unreachable for a year');
  await as(cora, 'member @"Bea Board" depart successor @"Mo Member"');
  await as(cora, 'member @"Mo Member" tier board');

  // A stranger asks to join and is declined: what they hear must carry nobody's contacts.
  await w.bot.handleForm(consoleTurn(outsiders.stranger, CHANNEL), { formId: JOIN_FORM, values: { name: 'Sam Stranger', title: 'CSO', organization: 'Target Corporation', category: 'security-practitioner' } }, recorder());
  await w.settled();
  const request = w.dmsTo('console:cora').find((d) => /Sam Stranger asks to join/.test(d.text))!;
  const decline = buttonOn(request.card, ROSTER_DECLINE);
  await w.bot.handleAction(consoleTurn(cora), { actionId: decline.actionId, value: decline.value! }, recorder());
  for (const who of Object.values(outsiders)) for (const line of ['who target', 'roster']) await as(who, line, 'channel');
  await w.settled();
});
afterAll(async () => {
  await w.close();
});

describe('no contact detail outside a private answer to an active member', () => {
  it('the sweep saw contacts where they belong, so it would see them anywhere else', () => {
    const privateWho = everything.filter((e) => e.to === mo && e.record.kind === 'private' && /24\/7/.test(e.record.text));
    expect(privateWho.length).toBeGreaterThan(0);
    expect(privateWho.some((e) => CONTACT.test(recordText(e.record)))).toBe(true);
    expect(w.shown.filter((s) => s.kind === 'post').length).toBeGreaterThanOrEqual(2);
    expect(everything.length).toBeGreaterThan(200);
  });

  it('no public reply carries one', () => {
    const leaks = everything.filter((e) => e.record.kind === 'reply' && CONTACT.test(recordText(e.record)));
    expect(leaks.map((e) => recordText(e.record))).toEqual([]);
  });

  it('no post or edit to a conversation carries one', () => {
    const leaks = w.shown.filter((s) => s.kind !== 'dm' && CONTACT.test(s.text));
    expect(leaks.map((s) => s.text)).toEqual([]);
  });

  it('nothing a non-member is answered or sent carries one', () => {
    const answers = everything.filter((e) => Object.values(outsiders).includes(e.to) && CONTACT.test(recordText(e.record)));
    expect(answers.map((e) => recordText(e.record))).toEqual([]);
    const dms = w.shown.filter((s) => s.kind === 'dm' && findMemberByIdentity(w.db, { platform: 'console', id: s.to.replace(/^console:/, '') })?.status !== 'active');
    expect(dms.length).toBeGreaterThan(0);
    expect(dms.filter((s) => CONTACT.test(s.text)).map((s) => `${s.to}: ${s.text}`)).toEqual([]);
  });

  it('the roster and who answer only privately, even when asked in a channel', () => {
    const directory = everything.filter((e) => e.where === 'channel' && /^(Roster|Who:)/.test(e.record.text));
    expect(directory.length).toBeGreaterThan(10);
    expect(new Set(directory.map((e) => e.record.kind))).toEqual(new Set(['private']));
  });
});
