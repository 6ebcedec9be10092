// `profile`: a member edits their own record; every field is checked at the edge, the alternate is a
// member (a select, or a name past 99 others) or a contact card, and an unreachable alternate is flagged.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema.js';
import type { Form } from '../../../src/cards/card.js';
import { PROFILE_FORM } from '../../../src/roster/directory/profile-command.js';
import { recorder } from '../../helpers/responder.js';
import { memberNamed, seed } from '../../helpers/db.js';
import { consoleTurn, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const pat = person('pat');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Pat Profile', identity: pat, set: { title: 'Chief' } });
  seed(w.db, { name: 'Quinn Console', identity: person('quinn') });
  // On Slack only: this deployment (the console) cannot message them.
  seed(w.db, { name: 'Sly Slack', identity: person('USLY1', 'slack') });
  seed(w.db, { name: 'Nell Nominee', status: 'nominated' });
});
afterEach(async () => {
  await w.close();
});

async function open(): Promise<Form> {
  const respond = await w.run(pat, 'profile');
  expect(respond.sent.map((s) => s.kind)).toEqual(['form']);
  return respond.sent[0]!.form!;
}

async function submit(values: Record<string, string | string[] | undefined>) {
  const respond = recorder();
  const errors = await w.bot.handleForm(consoleTurn(pat), { formId: PROFILE_FORM, values }, respond);
  return { errors, text: respond.texts(), respond };
}

const idOf = (name: string) => `member:${memberNamed(w.db, name)!.id}`;

describe('the time-zone question', () => {
  it('offers the partnership’s zone when the member has none, and takes common names and abbreviations', async () => {
    const zone = (await open()).inputs.find((i) => i.id === 'timezone')!;
    expect(zone.initial).toBe('America/Chicago');
    expect(zone.hint).toMatch(/Central.*Eastern.*CST/);
    for (const [typed, stored] of [['Central', 'America/Chicago'], ['CST', 'America/Chicago'], ['Eastern', 'America/New_York'], ['london', 'Europe/London']] as const) {
      const { errors } = await submit({ timezone: typed });
      expect(errors, typed).toBeUndefined();
      expect(memberNamed(w.db, 'Pat Profile')!.timezone, typed).toBe(stored);
    }
  });
});

describe('profile', () => {
  it('offers active members (not yourself, not the nominated) as alternates and the menu of capabilities', async () => {
    const form = await open();
    const alternate = form.inputs.find((i) => i.id === 'alternate')!;
    expect(alternate.kind).toBe('select');
    expect(alternate.options!.map((o) => o.label)).toEqual(['No member (or use the contact card below)', 'Quinn Console', 'Sly Slack']);
    const caps = form.inputs.find((i) => i.id === 'capabilities')!;
    expect(caps.kind).toBe('multiselect');
    expect(caps.options!.map((o) => o.label)).toContain('CCTV / video footage');
    expect(caps.options!.map((o) => o.label)).toContain('Medical / closed point of dispensing');
    expect(form.inputs.find((i) => i.id === 'title')!.initial).toBe('Chief');
  });

  it('saves title, 24/7 line, a member alternate, capabilities and time zone; audited without the values of contacts', async () => {
    const { errors, text } = await submit({ title: 'Chief of Police', contact247: '+1 612 555 0110', alternate: idOf('Quinn Console'), capabilities: ['cctv', 'facilities'], timezone: 'America/Chicago' });
    expect(errors).toBeUndefined();
    expect(text).toMatch(/Your profile is saved\. Your alternate is Quinn Console\. You offer: CCTV \/ video footage, Facilities and staging areas\./);
    expect(memberNamed(w.db, 'Pat Profile')).toMatchObject({ title: 'Chief of Police', contact247: '+1 612 555 0110', alternateMemberId: memberNamed(w.db, 'Quinn Console')!.id, capabilities: ['cctv', 'facilities'], timezone: 'America/Chicago' });
    const row = w.db.select().from(auditLog).where(eq(auditLog.action, 'profile.edit')).get()!;
    expect(row.details).toMatchObject({ changed: expect.arrayContaining(['contact247', 'alternateMemberId', 'capabilities']) });
    expect(JSON.stringify(row.details)).not.toContain('0110');
    // The form opens again on what was saved.
    const form = await open();
    expect(form.inputs.find((i) => i.id === 'alternate')!.initial).toBe(idOf('Quinn Console'));
    expect(form.inputs.find((i) => i.id === 'capabilities')!.initial).toEqual(['cctv', 'facilities']);
  });

  it('warns when the bot cannot reach the chosen alternate', async () => {
    const { errors, text } = await submit({ contact247: '612 555 0110', alternate: idOf('Sly Slack') });
    expect(errors).toBeUndefined();
    expect(text).toMatch(/Your alternate is Sly Slack, but the bot cannot reach them/);
  });

  it('takes a contact card for an alternate outside the partnership, and says the bot cannot message them', async () => {
    const { errors, text } = await submit({ contact247: '612 555 0110', alternate: 'none', altName: 'Rita Relief', altPhone: '+1 651 555 0120', altEmail: 'rita@example.org' });
    expect(errors).toBeUndefined();
    expect(text).toMatch(/Your alternate is Rita Relief \(a contact card\)\. The bot cannot message them/);
  });

  it('checks every field and answers beside the field', async () => {
    expect((await submit({ contact247: 'call me', timezone: 'Mars/Olympus', altEmail: 'nope', capabilities: ['teleportation'] })).errors).toEqual({
      contact247: expect.stringMatching(/needs a phone number/),
      timezone: expect.stringMatching(/IANA name such as America\/Chicago/),
      altEmail: expect.stringMatching(/not an email address/),
      capabilities: expect.stringMatching(/choose from the list/),
    });
    expect((await submit({ alternate: idOf('Quinn Console'), altName: 'Rita Relief', altPhone: '651 555 0120' })).errors).toEqual({ altName: expect.stringMatching(/not both/) });
    expect((await submit({ altPhone: '651 555 0120' })).errors).toEqual({ altName: expect.stringMatching(/Give the name/) });
    expect((await submit({ altName: 'Rita Relief' })).errors).toEqual({ altPhone: expect.stringMatching(/phone number or an email/) });
    expect((await submit({ alternate: idOf('Pat Profile') })).errors).toEqual({ alternate: 'You cannot be your own alternate.' });
    expect((await submit({ alternate: idOf('Nell Nominee') })).errors).toEqual({ alternate: expect.stringMatching(/no longer active/) });
    expect(memberNamed(w.db, 'Pat Profile')!.contact247).toBeNull();
  });

  it('past 99 other members the alternate is a name to look up', async () => {
    for (let i = 0; i < 100; i++) seed(w.db, { name: `Member ${String(i).padStart(3, '0')}` });
    const form = await open();
    const alternate = form.inputs.find((i) => i.id === 'alternate')!;
    expect(alternate.kind).toBe('text');
    expect((await submit({ alternate: 'quinn' })).text).toMatch(/Your alternate is Quinn Console/);
    expect((await submit({ alternate: 'member 01' })).errors).toEqual({ alternate: expect.stringMatching(/matches 10 people/) });
    expect((await submit({ alternate: 'nell' })).errors).toEqual({ alternate: expect.stringMatching(/cannot find “nell”/) });
  });

  it('is for active members only', async () => {
    const respond = await w.run(person('stranger'), 'profile');
    expect(respond.sent[0]!.card?.tone).toBe('refusal');
    const refused = recorder();
    await w.bot.handleForm(consoleTurn(person('stranger')), { formId: PROFILE_FORM, values: { title: 'x' } }, refused);
    expect(refused.sent[0]!.card?.tone).toBe('refusal');
  });
});
