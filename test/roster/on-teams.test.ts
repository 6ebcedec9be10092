// The roster's files and links on Teams, through the real adapter and a fake Bot Connector: export as a
// file-consent card in the caller's 1:1 chat (the file goes to OneDrive only on Allow, and only theirs);
// import from a CSV attached in the 1:1 chat; a profile-email match proposes a link that is confirmed.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cardToAdaptiveCard } from '../../adapters/teams/cards.js';
import { auditLog, deliveries, fileOffers } from '../../db/schema.js';
import type { Card } from '../../src/cards/card.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { cardActions, CHANNEL, JANE, RAY, shownText, type ConnectorCall } from '../helpers/fake-teams.js';
import { seed } from '../helpers/db.js';
import { startHarness, type Harness } from '../adapters/teams/harness.js';

const JANE_DM = `a:dm-${JANE.id}`;
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';
const FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const teamsId = (u: typeof JANE) => ({ platform: 'teams' as const, id: u.aadObjectId });
const said = (calls: ConnectorCall[]) => calls.filter((c) => c.kind === 'send' || c.kind === 'reply').map((c) => shownText(c.body)).join('\n');
const consentIn = (calls: ConnectorCall[]) => calls.find((c) => (c.body?.attachments ?? []).some((a: { contentType: string }) => a.contentType === FILE_CONSENT));

async function coordinatorJane() {
  h = await startHarness();
  seed(h.db, { name: 'Jane Chief', identity: teamsId(JANE), set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(h.db, { name: 'Ray Sheriff', identity: teamsId(RAY), set: { contact247: '+1 612 555 0199' } });
}

function accept(offer: ConnectorCall, from = JANE, action: 'accept' | 'decline' = 'accept') {
  const consent = offer.body.attachments.find((a: { contentType: string }) => a.contentType === FILE_CONSENT);
  const context = consent.content[action === 'accept' ? 'acceptContext' : 'declineContext'];
  return h.send({
    type: 'invoke',
    name: 'fileConsent/invoke',
    from,
    replyToId: offer.answeredId!,
    value: {
      type: 'fileUpload',
      action,
      context,
      ...(action === 'accept' ? { uploadInfo: { uploadUrl: h.fake.uploadUrl(consent.name), contentUrl: `https://contoso.sharepoint.com/personal/jane/${consent.name}`, name: consent.name, uniqueId: 'drive-item-1', fileType: 'csv' } } : {}),
    },
  });
}

describe('export on Teams', () => {
  it('offers the CSV with a consent card in the 1:1 chat; Allow puts it in OneDrive and shows the file card', async () => {
    await coordinatorJane();
    const asked = await h.send({ text: 'roster export' });
    const offer = consentIn(asked.calls)!;
    expect(offer.conversationId).toBe(JANE_DM);
    const consent = offer.body.attachments.find((a: { contentType: string }) => a.contentType === FILE_CONSENT);
    expect(consent.name).toMatch(/^roster-2026-11-22\.csv$/);
    expect(consent.content.sizeInBytes).toBeGreaterThan(100);
    expect(said(asked.calls)).toMatch(/is waiting in your 1:1 chat with PPP Bot: press Allow/);
    // The bytes wait in SQLite until Allow, not in memory.
    expect(h.db.select().from(fileOffers).get()).toMatchObject({ status: 'offered', identity: `teams:${JANE.aadObjectId}` });

    const allowed = await accept(offer);
    expect(allowed.status).toBe(200);
    const upload = h.fake.uploads.at(-1)!;
    expect(upload.headers['content-range']).toBe(`bytes 0-${upload.content.length - 1}/${upload.content.length}`);
    expect(upload.content.length).toBe(consent.content.sizeInBytes);
    expect(upload.content.toString('utf8')).toContain('Ray Sheriff,');
    expect(upload.content.toString('utf8')).toContain('+1 612 555 0199');
    const info = allowed.calls.find((c) => c.body?.attachments?.[0]?.contentType === FILE_INFO)!;
    expect(info.conversationId).toBe(JANE_DM);
    expect(info.body.attachments[0]).toMatchObject({ name: consent.name, content: { uniqueId: 'drive-item-1', fileType: 'csv' } });
    expect(h.db.select().from(fileOffers).get()).toMatchObject({ status: 'sent', content: null });
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'roster.export')).all()).toHaveLength(1);

    // Allow pressed again: nothing is uploaded twice.
    const twice = await accept(offer);
    expect(said(twice.calls)).toMatch(/already sent/);
    expect(h.fake.uploads).toHaveLength(1);
  });

  it('asked in a channel, the card still goes only to the 1:1 chat; someone else’s Allow uploads nothing; Decline drops it', async () => {
    await coordinatorJane();
    const asked = await h.send({ scope: 'channel', text: 'roster template', mentionBot: true });
    const offer = consentIn(asked.calls)!;
    expect(offer.conversationId).toBe(JANE_DM);
    const inChannel = asked.calls.filter((c) => c.conversationId?.startsWith(CHANNEL));
    expect(inChannel.map((c) => shownText(c.body))).toEqual(['I have sent you the answer privately, in your chat with me.']);
    expect(JSON.stringify(inChannel)).not.toContain(FILE_CONSENT);

    const forged = await accept(offer, RAY);
    expect(said(forged.calls)).toMatch(/offered to someone else/);
    expect(h.fake.uploads).toEqual([]);
    const declined = await accept(offer, JANE, 'decline');
    expect(said(declined.calls)).toMatch(/Not sent: roster-template\.csv was not saved anywhere/);
    expect(h.db.select().from(fileOffers).get()).toMatchObject({ status: 'declined', content: null });
  });
});

describe('import on Teams', () => {
  const csv = 'name,organization,status,teams_id\n"Holt, Dana",North Metro Police,active,2c4e-dana\nLuis Ortega,Midstate Energy,nominated,\n';
  const attachment = (url: string) => [{ contentType: FILE_DOWNLOAD, name: 'day-one.csv', contentUrl: 'https://contoso.sharepoint.com/day-one.csv', content: { downloadUrl: url, uniqueId: 'x', fileType: 'csv' } }];

  it('`roster import` says to attach the file; a CSV attached in the 1:1 chat is imported', async () => {
    await coordinatorJane();
    expect(said((await h.send({ text: 'roster import' })).calls)).toMatch(/Attach the CSV file to a message in your 1:1 chat/);
    const sent = await h.send({ attachments: attachment(h.fake.hostFile('day-one.csv', csv)) });
    expect(said(sent.calls)).toMatch(/day-one\.csv: 2 rows — 2 members added \(1 active, 1 nominated\)/);
    expect(findMemberByIdentity(h.db, { platform: 'teams', id: '2c4e-dana' })?.name).toBe('Holt, Dana');
  });

  it('a file from someone who is not a coordinator is not opened', async () => {
    await coordinatorJane();
    const sent = await h.send({ from: RAY, attachments: attachment(h.fake.hostFile('day-one.csv', csv)) });
    expect(said(sent.calls)).toMatch(/only as a `roster import`, which is for coordinators/);
    expect(findMemberByIdentity(h.db, { platform: 'teams', id: '2c4e-dana' })).toBeUndefined();
  });
});

describe('who is asking, on Teams', () => {
  it('a join request shows coordinators the Teams name and the user principal name the roster gives', async () => {
    h = await startHarness();
    seed(h.db, { name: 'Jane Chief', identity: teamsId(JANE), set: { isCoordinator: true, coordinatorVia: 'command' } });
    h.fake.members.set(RAY.id, { ...RAY, userPrincipalName: 'ray.sheriff@contoso.onmicrosoft.com' });
    const asked = await h.send({ from: RAY, text: 'join' });
    const form = asked.calls.find((c) => cardActions(c.body).length > 0)!;
    const submit = cardActions(form.body).find((a) => a.title === 'Ask to join')!;
    const values = { name: 'Ray Sheriff', title: 'Sheriff', organization: 'Ramsey County', category: 'law-enforcement' };
    await h.send({ from: RAY, value: { ...(submit.data as object), ...values }, replyToId: form.answeredId! });
    const row = h.db.select().from(deliveries).all().find((d) => d.target === `teams:${JANE.aadObjectId}` && d.batch.startsWith('join-'))!;
    const runs = JSON.stringify(cardToAdaptiveCard(row.card as unknown as Card).body);
    expect(runs).toContain('{"type":"TextRun","text":"Account: ","weight":"Bolder"},{"type":"TextRun","text":"Ray Sheriff"},{"type":"TextRun","text":" on Microsoft Teams"}');
    expect(runs).toContain('{"type":"TextRun","text":"Email: ","weight":"Bolder"},{"type":"TextRun","text":"ray.sheriff@contoso.onmicrosoft.com"},{"type":"TextRun","text":" (Microsoft Teams profile)"}');
  });
});

describe('link by email match on Teams', () => {
  it('proposes the link privately; it is made only when the Teams account confirms', async () => {
    h = await startHarness();
    const member = seed(h.db, { name: 'Ray Sheriff', identity: { platform: 'slack', id: 'U0RAY' }, set: { email: 'ray.sheriff@example.org' } });
    h.fake.members.set(RAY.id, { ...RAY, email: 'Ray.Sheriff@example.org' });
    const asked = await h.send({ from: RAY, text: 'link' });
    expect(asked.calls.some((c) => c.kind === 'member')).toBe(true);
    expect(said(asked.calls)).toMatch(/The email of your Microsoft Teams profile matches Ray Sheriff on the roster .* who uses PPP Bot on Slack/);
    expect(findMemberByIdentity(h.db, teamsId(RAY))).toBeUndefined();
    const card = asked.calls.find((c) => cardActions(c.body).length > 0)!;
    const confirm = cardActions(card.body).find((a) => a.title === 'Confirm')!;
    const done = await h.send({ from: RAY, value: confirm.data, replyToId: card.answeredId! });
    expect(JSON.stringify(done.calls.map((c) => shownText(c.body)))).toMatch(/Linked: this Microsoft Teams account is now Ray Sheriff's on the roster/);
    expect(findMemberByIdentity(h.db, teamsId(RAY))?.id).toBe(member.id);
  });
});
