// The review's rules, through the real bot: one open review per conversation and template, which one a
// subcommand means, who may close and export, notes, a Teams-style Save, refusals with their reasons.
import { statSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWER_FORM, MARK_ACTION, NOTE_FORM, WHICH_ACTION } from '../../src/checklist/cards.js';
import type { Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import { makeActor } from '../helpers/db.js';
import { until } from '../helpers/engine.js';
import { recorder } from '../helpers/responder.js';
import type { Bot } from '../../src/bot.js';
import type { Identity } from '../../src/core/identity.js';
import { consoleTurn, neutralBot, postsIn } from './neutral.js';

/** A Teams Save of several review selects, as the adapter hands it to the bot: one action, every change. */
const saveOf = (values: string[], reviewId = 1) => {
  const changes = values.map((value) => ({ value, context: `${reviewId}:${value.split('=')[0]}` }));
  return { actionId: MARK_ACTION, ...changes[0]!, changes };
};

const buttons = (card: Card | undefined) =>
  (card?.elements ?? []).flatMap((e) => (e.type === 'actions' ? e.elements : e.type === 'section' && e.accessory ? [e.accessory] : []));

/** `checklist close` asks first: the command, then its "Close it" pressed by the same person. */
async function closeHere(bot: Bot, who: Identity, line = 'checklist close') {
  const asked = recorder();
  await bot.handleCommand(consoleTurn(who), line, asked);
  const close = buttons(asked.sent[0]?.card).find((b) => b.type === 'button' && b.label === 'Close it');
  if (close?.type !== 'button') return asked;
  const done = recorder();
  await bot.handleAction(consoleTurn(who), { actionId: close.actionId, value: close.value! }, done);
  return done;
}

describe('starting a review', () => {
  it('posts the card; asking again posts the open one again and retires the older copy; another template opens beside it', async () => {
    const { bot, shown } = await neutralBot();
    const db = bot.services.db;
    const jane = makeActor(db, 'member', 'console', 1);
    const r = recorder();
    await bot.handleCommand(consoleTurn(jane), 'checklist', r);
    expect(r.sent).toEqual([]);
    expect(postsIn(shown).map((s) => [s.note.kind, s.note.to, s.note.messageId])).toEqual([['post', 'console:local', 'm1']]);
    expect(postsIn(shown)[0]!.text).toContain('Key ingredients review #1\n');
    expect(postsIn(shown)[0]!.text).toContain('Opened by member 1 on 22 Nov 2026 · 0 members taking part.');

    await bot.handleCommand(consoleTurn(jane), 'checklist ingredients', r);
    expect(postsIn(shown).map((s) => [s.note.kind, s.note.to, s.note.messageId])).toEqual([['post', 'console:local', 'm1'], ['post', 'console:local', 'm2']]);
    expect(postsIn(shown)[1]!.text).toContain('Key ingredients review #1\n');
    expect(db.$client.prepare('select message_id, superseded_at is not null as old from checklist_messages order by id').all()).toEqual([
      { message_id: 'm1', old: 1 },
      { message_id: 'm2', old: 0 },
    ]);
    // The delivery engine redraws the older copy once, as a pointer to the newer one.
    const retired = await until(() => shown.find((s) => s.note.kind === 'edit' && s.note.messageId === 'm1' && s.note.to === 'console:local'), 10_000, 'the older card to be redrawn');
    expect(retired.text).toContain('This review was posted again further down this conversation');

    await bot.handleCommand(consoleTurn(jane), 'checklist self-assessment', r);
    expect(postsIn(shown)[2]!.text).toContain('Self-assessment #2\n');
    expect(db.$client.prepare('select id, template, status from checklist_reviews').all()).toEqual([
      { id: 1, template: 'ingredients', status: 'open' },
      { id: 2, template: 'self-assessment', status: 'open' },
    ]);
  });
});

describe('a mistyped word after checklist', () => {
  it('suggests the subcommand or template it was probably meant to be, and starts nothing', async () => {
    const { bot, shown } = await neutralBot();
    const jane = makeActor(bot.services.db, 'member', 'console', 1);
    for (const [typed, hint] of [
      ['sumary', '`/ppp checklist summary`'],
      ['buisness-case', '`/ppp checklist business-case`'],
      ['constructor', ''],
    ] as const) {
      const r = recorder();
      await bot.handleCommand(consoleTurn(jane), `checklist ${typed}`, r);
      expect(r.sent[0]!.text).toBe(`\`${typed}\` is not a checklist: choose \`ingredients\`, \`business-case\`, \`self-assessment\`.${hint ? ` Did you mean ${hint}?` : ''}`);
    }
    expect(shown).toEqual([]);
  });
});

describe('with several reviews open', () => {
  it('asks which one for summary, close and export, and the button or the template word answers', async () => {
    const { bot } = await neutralBot();
    const jane = makeActor(bot.services.db, 'member', 'console', 1);
    await bot.handleCommand(consoleTurn(jane), 'checklist', recorder());
    await bot.handleCommand(consoleTurn(jane), 'checklist business-case', recorder());
    for (const verb of ['summary', 'close', 'export']) {
      const r = recorder();
      await bot.handleCommand(consoleTurn(jane), `checklist ${verb}`, r);
      expect(r.sent[0]!.text).toContain(`2 reviews are open here. Which one? Press it, or send \`/ppp checklist ${verb} ingredients\` or \`/ppp checklist ${verb} business-case\`.`);
      expect(buttons(r.sent[0]!.card).map((b) => b.type === 'button' && b.label)).toEqual(['Key ingredients review #1', 'Business case review #2']);
    }
    const r = recorder();
    await bot.handleCommand(consoleTurn(jane), 'checklist summary business-case', r);
    expect(r.sent[0]!.text).toContain('Summary: Business case review #2');
    const pick = recorder();
    await bot.handleAction(consoleTurn(jane), { actionId: WHICH_ACTION, value: JSON.stringify({ c: 'summary', r: 1 }) }, pick);
    expect(pick.sent[0]!.text).toContain('Summary: Key ingredients review #1');
  });
});

describe('closing', () => {
  it('is for the opener and coordinators; anyone else is refused with who can do it', async () => {
    const { bot, shown } = await neutralBot();
    const db = bot.services.db;
    const opener = makeActor(db, 'member', 'console', 1);
    const other = makeActor(db, 'board', 'console', 2);
    const coordinator = makeActor(db, 'coordinator', 'console', 3);
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    await bot.handleCommand(consoleTurn(coordinator), 'checklist self-assessment', recorder());

    const refused = recorder();
    await bot.handleCommand(consoleTurn(other), 'checklist close ingredients', refused);
    expect(refused.sent[0]!.card!.tone).toBe('refusal');
    expect(refused.sent[0]!.text).toBe(
      '`/ppp checklist close` is for coordinators and whoever opened the review (member 1 opened Key ingredients review #1). Ask member 1 or a coordinator to close it.',
    );
    const exportRefused = recorder();
    await bot.handleCommand(consoleTurn(other), 'checklist export ingredients', exportRefused);
    expect(exportRefused.sent[0]!.card!.tone).toBe('refusal');

    const closed = await closeHere(bot, opener, 'checklist close ingredients');
    expect(closed.sent[0]!.text).toBe('Closed Key ingredients review #1: its cards now show the final tally. `/ppp checklist history ingredients` compares it with earlier reviews.');
    // A coordinator may close a review someone else opened.
    const byCoordinator = await closeHere(bot, coordinator);
    expect(byCoordinator.sent[0]!.text).toContain('Closed Self-assessment #2');
    expect(db.$client.prepare("select action, subject from audit_log where action like 'checklist.%' order by id").all()).toEqual([
      { action: 'checklist.close', subject: 'checklist-1' },
      { action: 'checklist.close', subject: 'checklist-2' },
    ]);

    const again = recorder();
    await bot.handleCommand(consoleTurn(opener), 'checklist close', again);
    expect(again.sent[0]!.text).toBe('No review is open here. Start one with `/ppp checklist`.');
    // The summary falls back to the latest review held here; a new `checklist` starts review #3.
    const summary = recorder();
    await bot.handleCommand(consoleTurn(opener), 'checklist summary ingredients', summary);
    expect(summary.sent[0]!.text).toContain('Summary: Key ingredients review #1 (closed)');
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    expect(postsIn(shown).at(-1)!.text).toContain('Key ingredients review #3\n');
  });

  it('refuses marks on a closed review, and marks from anyone not an active member, with the reason', async () => {
    const { bot } = await neutralBot();
    const db = bot.services.db;
    const opener = makeActor(db, 'member', 'console', 1);
    const suspended = makeActor(db, 'suspended', 'console', 2);
    const nominated = makeActor(db, 'nominated', 'console', 3);
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    const mark = { actionId: MARK_ACTION, context: '1:goals.2', value: 'goals.2=in' };
    for (const [who, reason] of [
      [suspended, /is for members, and your membership is suspended \(vetting lapsed\)\. A coordinator can restore it/],
      [nominated, /is for members, and your nomination has not been vetted yet\. A board member or coordinator must vet you first/],
    ] as const) {
      const r = recorder();
      await bot.handleAction(consoleTurn(who), mark, r);
      expect(r.sent[0]!.card!.tone).toBe('refusal');
      expect(r.sent[0]!.text).toMatch(reason);
    }
    await closeHere(bot, opener);
    const late = recorder();
    await bot.handleAction(consoleTurn(opener), mark, late);
    expect(late.sent[0]!.card!.tone).toBe('refusal');
    expect(late.sent[0]!.text).toBe(
      'Key ingredients review #1 was closed by member 1 on 22 Nov 2026, so its marks and answers can no longer change. A member can start a new review with `checklist`.',
    );
    // A Teams Save of three selects on the closed review: one action, refused once.
    const save = recorder();
    await bot.handleAction(consoleTurn(opener), saveOf(['exec.1=in', 'exec.2=in', 'exec.3=in']), save);
    expect(save.sent.map((s) => s.card!.tone)).toEqual(['refusal']);
    expect(db.$client.prepare('select count(*) as n from checklist_marks').get()).toEqual({ n: 0 });
  });
});

describe('marks and notes', () => {
  it('records a Teams Save of several selects at once and confirms once; a note choice opens the note form', async () => {
    const { bot } = await neutralBot();
    const db = bot.services.db;
    const chief = makeActor(db, 'member', 'console', 1);
    await bot.handleCommand(consoleTurn(chief), 'checklist', recorder());
    // What the Teams adapter hands over on Save: one action carrying every changed select. A select
    // naming an item the template does not have, or another review, counts for nothing.
    const r = recorder();
    const forged = [{ value: 'forged.9=in', context: '1:forged.9' }, { value: 'exec.2=in', context: '2:exec.2' }];
    const save = saveOf(['exec.1=in', 'members.1=note', 'goals.1=not-yet']);
    await bot.handleAction(consoleTurn(chief), { ...save, changes: [...save.changes, ...forged] }, r);
    expect(r.sent.map((s) => [s.kind, s.text])).toEqual([
      ['form', 'Note on question 5'],
      ['private', 'Marked 2 questions: question 1 as in place; question 10 as not yet on Key ingredients review #1. You can change a mark until the review closes.'],
    ]);
    expect(db.$client.prepare('select item_key, mark from checklist_marks order by item_key').all()).toEqual([
      { item_key: 'exec.1', mark: 'in' },
      { item_key: 'goals.1', mark: 'not-yet' },
    ]);

    const form = r.sent[0]!.form!;
    expect(form.id).toBe(NOTE_FORM);
    const tooLong = await bot.handleForm(consoleTurn(chief), { formId: form.id, state: form.state!, values: { note: 'x'.repeat(1001) } }, recorder());
    expect(tooLong).toEqual({ note: 'Keep a note under 1,000 characters (this one has 1,001).' });
    const saved = recorder();
    await bot.handleForm(consoleTurn(chief), { formId: form.id, state: form.state!, values: { note: 'Two reps from Target; <!here> ask them.' } }, saved);
    expect(saved.sent[0]!.text).toBe('Saved your note on question 5 of Key ingredients review #1.');

    const summary = recorder();
    await bot.handleCommand(consoleTurn(chief), 'checklist summary', summary);
    expect(summary.sent[0]!.kind).toBe('private');
    expect(summary.sent[0]!.text).toContain('Notes:\n• 5. “Two reps from Target; <!here> ask them.” — member 1');

    // Choosing "add a note…" again shows the note to edit; sending it empty removes it.
    const again = recorder();
    await bot.handleAction(consoleTurn(chief), { actionId: MARK_ACTION, value: 'members.1=note', context: '1:members.1' }, again);
    expect(again.sent[0]!.form!.inputs[0]!.initial).toBe('Two reps from Target; <!here> ask them.');
    await bot.handleForm(consoleTurn(chief), { formId: NOTE_FORM, state: '1:members.1', values: { note: '  ' } }, recorder());
    expect(db.$client.prepare("select note from checklist_marks where item_key = 'members.1'").get()).toEqual({ note: null });
  });
});

describe('the self-assessment', () => {
  it('answers each step in free text; step 2 starts from the organizations headquartered here; the summary lists answers, no score', async () => {
    const { bot } = await neutralBot();
    const db = bot.services.db;
    const at = Date.now();
    db.$client.prepare('insert into organizations (name, kind, hq_in_jurisdiction, created_at) values (?, ?, ?, ?)').run('Target Corporation', 'corporation', 1, at);
    db.$client.prepare('insert into organizations (name, kind, hq_in_jurisdiction, created_at) values (?, ?, ?, ?)').run('3M', 'corporation', 1, at);
    db.$client.prepare('insert into organizations (name, kind, hq_in_jurisdiction, created_at) values (?, ?, ?, ?)').run('Boeing', 'corporation', 0, at);
    const chief = makeActor(db, 'member', 'console', 1);
    const csoOther = makeActor(db, 'board', 'console', 2);
    await bot.handleCommand(consoleTurn(chief), 'checklist self-assessment', recorder());

    const opened = recorder();
    await bot.handleAction(consoleTurn(chief), { actionId: 'checklist.answer', value: '1:external.1' }, opened);
    const form = opened.sent[0]!.form!;
    expect(form.id).toBe(ANSWER_FORM);
    expect(form.title).toBe('Self-assessment step 2');
    expect(form.inputs[0]!.initial).toBe('Headquartered in the jurisdiction (from the roster): 3M, Target Corporation.\n');
    await bot.handleForm(consoleTurn(chief), { formId: ANSWER_FORM, state: '1:external.1', values: { answer: `${form.inputs[0]!.initial}Our precincts meet their loss-prevention teams monthly.` } }, recorder());
    await bot.handleForm(consoleTurn(csoOther), { formId: ANSWER_FORM, state: '1:internal.1', values: { answer: 'Mostly tactical: district captains and retail security.' } }, recorder());

    const summary = recorder();
    await bot.handleCommand(consoleTurn(chief), 'checklist summary', summary);
    const text = summary.sent[0]!.text;
    expect(text).toContain('Step 1: Internal inventory\nList the ways your agency works with the private sector today.');
    expect(text).toContain('• board 2: Mostly tactical: district captains and retail security.');
    expect(text).toContain('Step 2: External inventory');
    expect(text).toContain('• member 1: Headquartered in the jurisdiction (from the roster): 3M, Target Corporation. / Our precincts meet their loss-prevention teams monthly.');
    expect(text).toContain('Step 5: Future opportunities\nWhere could talking');
    expect(text).toContain('No score');
    expect(text).not.toMatch(/\d%/);
  });
});

describe('closing asks first, and a coordinator can reopen', () => {
  it('`checklist close` shows what closing does with Close it / Keep it open; Keep changes nothing', async () => {
    const { bot } = await neutralBot();
    const opener = makeActor(bot.services.db, 'member', 'console', 1);
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    const asked = recorder();
    await bot.handleCommand(consoleTurn(opener), 'checklist close', asked);
    const question = renderText(asked.sent[0]!.card!).text;
    expect(question).toMatch(/^Close Key ingredients review #1\?/);
    expect(question).toMatch(/no mark or note can change/);
    expect(buttons(asked.sent[0]!.card).map((b) => (b.type === 'button' ? b.label : ''))).toEqual(['Close it', 'Keep it open']);
    const keep = buttons(asked.sent[0]!.card).find((b) => b.type === 'button' && b.label === 'Keep it open')!;
    const kept = recorder();
    await bot.handleAction(consoleTurn(opener), { actionId: keep.type === 'button' ? keep.actionId : '', value: keep.type === 'button' ? keep.value! : '' }, kept);
    expect(kept.sent[0]).toMatchObject({ kind: 'replace', text: 'Key ingredients review #1 stays open; nothing changed.' });
    expect(bot.services.db.$client.prepare("select status from checklist_reviews").all()).toEqual([{ status: 'open' }]);
  });

  it('`checklist reopen` is for coordinators: the latest closed review here opens again, audited, and takes marks', async () => {
    const { bot } = await neutralBot();
    const db = bot.services.db;
    const opener = makeActor(db, 'member', 'console', 1);
    const coordinator = makeActor(db, 'coordinator', 'console', 2);
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    await closeHere(bot, opener);
    const refused = recorder();
    await bot.handleCommand(consoleTurn(opener), 'checklist reopen', refused);
    expect(refused.sent[0]!.card!.tone).toBe('refusal');
    const reopened = recorder();
    await bot.handleCommand(consoleTurn(coordinator), 'checklist reopen', reopened);
    expect(reopened.sent[0]!.text).toBe('Reopened Key ingredients review #1: marks and notes can change again, and its cards show it open. `/ppp checklist close` closes it again.');
    expect(db.$client.prepare("select status, closed_by from checklist_reviews").all()).toEqual([{ status: 'open', closed_by: null }]);
    expect(db.$client.prepare("select action, subject from audit_log where action = 'checklist.reopen'").all()).toEqual([{ action: 'checklist.reopen', subject: 'checklist-1' }]);
    const marked = recorder();
    await bot.handleCommand(consoleTurn(opener), 'mark 3 partly', marked);
    expect(marked.sent[0]!.text).toMatch(/^Marked question 3 as partly/);
    const again = recorder();
    await bot.handleCommand(consoleTurn(coordinator), 'checklist reopen', again);
    expect(again.sent[0]!.text).toBe('Key ingredients review #1 is open already.');
  });
});

describe('history', () => {
  it('lists every review with dates, participants and scores, and the trend against the one before', async () => {
    const { bot, now } = await neutralBot();
    const db = bot.services.db;
    const a = makeActor(db, 'member', 'console', 1);
    const b = makeActor(db, 'member', 'console', 2);
    const markAll = async (who: typeof a, review: number, mark: string) => {
      for (const key of ['exec.1', 'exec.2', 'resiliency.1']) await bot.handleAction(consoleTurn(who), { actionId: MARK_ACTION, context: `${review}:${key}`, value: `${key}=${mark}` }, recorder());
    };
    now.at = new Date('2026-08-20T15:00:00Z');
    await bot.handleCommand(consoleTurn(a), 'checklist', recorder());
    await markAll(a, 1, 'not-yet');
    await markAll(b, 1, 'partly');
    now.at = new Date('2026-08-27T15:00:00Z');
    await closeHere(bot, a);
    now.at = new Date('2026-11-20T15:00:00Z');
    await bot.handleCommand(consoleTurn(b), 'checklist', recorder());
    await markAll(a, 2, 'in');
    await markAll(b, 2, 'partly');

    const r = recorder();
    await bot.handleCommand(consoleTurn(a), 'checklist history', r);
    expect(renderText(r.sent[0]!.card!).text).toBe(
      [
        'History: Key ingredients review',
        '===============================',
        '(The six key ingredients of an executive partnership, after MCCA, Public/Private Partnership Project, 2019.)',
        'Trend per ingredient: the latest review, and the change since the one before',
        'Executive buy-in and participation: ████████░░ 75%, ▲ up 50 points since #1 (25 → 75)',
        'Membership composition: not scored yet',
        'Shared goals: not scored yet',
        'Cadence: not scored yet',
        'Resiliency: ████████░░ 75%, ▲ up 50 points since #1 (25 → 75)',
        'Longevity: not scored yet',
        '1. #2 · since 20 Nov 2026 (open) · 2 members · overall 75% — Buy-in 75% · Membership – · Goals – · Cadence – · Resiliency 75% · Longevity –',
        '2. #1 · 20 Aug 2026 – 27 Aug 2026 · 2 members · overall 25% — Buy-in 25% · Membership – · Goals – · Cadence – · Resiliency 25% · Longevity –',
        '(Scores are the mean of the members’ marks (in place 1, partly 0.5, not yet 0); each bar cell is 10%. `/ppp checklist ingredients` starts a new review.)',
      ].join('\n'),
    );
    const none = recorder();
    await bot.handleCommand(consoleTurn(a), 'checklist history self-assessment', none);
    expect(none.sent[0]!.text).toContain('No self-assessment yet.');
  });
});

describe('export', () => {
  it('writes the CSV to an owner-only file under DATA_DIR on the console, neutralizing formulas, and audits it', async () => {
    const { bot, dataDir } = await neutralBot();
    const db = bot.services.db;
    const opener = makeActor(db, 'member', 'console', 1);
    await bot.handleCommand(consoleTurn(opener), 'checklist', recorder());
    await bot.handleAction(consoleTurn(opener), { actionId: MARK_ACTION, context: '1:cadence.2', value: 'cadence.2=partly' }, recorder());
    await bot.handleForm(consoleTurn(opener), { formId: NOTE_FORM, state: '1:cadence.2', values: { note: '=HYPERLINK("https://e","agenda")' } }, recorder());
    const r = recorder();
    await bot.handleCommand(consoleTurn(opener), 'checklist export', r);
    expect(r.sent[0]!.text).toMatch(/^The CSV of Key ingredients review #1 \(1 row\) was written to \S+\.csv \(readable by you only\)\.$/);
    const path = /written to (\S+\.csv)/.exec(r.sent[0]!.text)![1]!;
    expect(path).toBe(`${dataDir}/exports/checklist-1-ingredients.csv`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(
      // Dates as the partnership reads them: its own zone, to the minute.
      'review,template,group,item,question,member,organization,mark,note,updated (America/Chicago)\n' +
        `1,ingredients,Cadence,16,Do meetings follow a set structure?,member 1,,partly,"'=HYPERLINK(""https://e"",""agenda"")",2026-11-22 09:00\n`,
    );
    expect(db.$client.prepare("select action, subject, details from audit_log where action = 'checklist.export'").all()).toEqual([
      { action: 'checklist.export', subject: 'checklist-1', details: '{"rows":1}' },
    ]);
  });
});

describe('sharing', () => {
  it('mirrors an open review into another vetted conversation, asks which when several are open elsewhere, and keeps one review per template there', async () => {
    const { bot, shown } = await neutralBot();
    const db = bot.services.db;
    const coordinator = makeActor(db, 'coordinator', 'console', 1);
    const member = makeActor(db, 'member', 'console', 2);
    await bot.handleCommand(consoleTurn(member, 'console:slack-side'), 'checklist', recorder());
    await bot.handleCommand(consoleTurn(member, 'console:slack-side'), 'checklist business-case', recorder());

    const unvetted = recorder();
    await bot.handleCommand(consoleTurn(member, 'console:teams-side'), 'checklist share ingredients', unvetted);
    expect(unvetted.sent[0]!.card!.tone).toBe('refusal');
    expect(unvetted.sent[0]!.text).toContain('A review can be shared only into a vetted conversation');

    await bot.handleCommand(consoleTurn(coordinator, 'console:teams-side'), 'channel vet executive', recorder());
    const choose = recorder();
    await bot.handleCommand(consoleTurn(member, 'console:teams-side'), 'checklist share', choose);
    expect(choose.sent[0]!.kind).toBe('reply');
    expect(choose.sent[0]!.text).toContain('• Key ingredients review #1, started in the console by member 2');
    const pick = buttons(choose.sent[0]!.card).find((b) => b.type === 'button' && b.label === 'Key ingredients review #1')!;
    const picked = recorder();
    await bot.handleAction(consoleTurn(member, 'console:teams-side'), { actionId: pick.actionId, value: (pick as { value: string }).value }, picked);
    expect(picked.sent.map((s) => [s.kind, s.text])).toEqual([['replace', 'Key ingredients review #1 is now shown here too, shared by member 2.']]);
    expect(postsIn(shown).at(-1)!.note).toMatchObject({ kind: 'post', to: 'console:teams-side', messageId: 'm4' });
    expect(postsIn(shown).at(-1)!.text).toContain('shown in 2 conversations');

    // One tally: a mark from either conversation lands on the same review.
    await bot.handleAction(consoleTurn(coordinator, 'console:teams-side'), { actionId: MARK_ACTION, context: '1:longevity.1', value: 'longevity.1=in' }, recorder());
    await bot.handleAction(consoleTurn(member, 'console:slack-side'), { actionId: MARK_ACTION, context: '1:longevity.1', value: 'longevity.1=partly' }, recorder());
    const summary = recorder();
    await bot.handleCommand(consoleTurn(member, 'console:teams-side'), 'checklist summary', summary);
    expect(summary.sent[0]!.text).toContain('Longevity  ████████░░ 75% (2 marks)');

    // A conversation holds one open review per template: a third conversation with its own key
    // ingredients review cannot take #1, nor can the second take #3.
    await bot.handleCommand(consoleTurn(member, 'console:third'), 'checklist', recorder());
    await bot.handleCommand(consoleTurn(coordinator, 'console:third'), 'channel vet', recorder());
    const busy = recorder();
    await bot.handleCommand(consoleTurn(member, 'console:teams-side'), 'checklist share ingredients', busy);
    expect(busy.sent[0]!.text).toContain('This conversation has its own open Key ingredients review #1; close it first');
    const busyThere = recorder();
    await bot.handleCommand(consoleTurn(member, 'console:third'), 'checklist share ingredients', busyThere);
    expect(busyThere.sent[0]!.card!.tone).toBe('refusal');
    expect(busyThere.sent[0]!.text).toContain('This conversation has its own open Key ingredients review #3; close it first');
    expect(db.$client.prepare("select count(*) as n from audit_log where action = 'checklist.share'").get()).toEqual({ n: 1 });
  });
});

describe('actions come only from where the review is shown', () => {
  /** A review opened in console:exec by the opener, with a candid note on question 1. */
  async function reviewWithNote() {
    const { bot } = await neutralBot();
    const db = bot.services.db;
    const opener = makeActor(db, 'member', 'console', 1);
    const outsider = makeActor(db, 'member', 'console', 2);
    const exec = consoleTurn(opener, 'console:exec');
    await bot.handleCommand(exec, 'checklist', recorder());
    await bot.handleForm(exec, { formId: NOTE_FORM, state: '1:exec.1', values: { note: 'The chief skips every meeting.' } }, recorder());
    expect(db.$client.prepare('select count(*) as n from checklist_marks where note is not null').get()).toEqual({ n: 1 });
    return { bot, db, opener, outsider };
  }

  it('refuses a forged checklist.which summary from another conversation, and shows none of its notes', async () => {
    const { bot, outsider } = await reviewWithNote();
    const r = recorder();
    await bot.handleAction(consoleTurn(outsider, 'console:elsewhere'), { actionId: WHICH_ACTION, value: JSON.stringify({ c: 'summary', r: 1 }) }, r);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]!.card!.tone).toBe('refusal');
    expect(r.sent[0]!.text).toContain('Key ingredients review #1 is not shown in this conversation');
    expect(r.texts()).not.toContain('skips every meeting');
    for (const verb of ['close', 'export']) {
      const other = recorder();
      await bot.handleAction(consoleTurn(outsider, 'console:elsewhere'), { actionId: WHICH_ACTION, value: JSON.stringify({ c: verb, r: 1 }) }, other);
      expect(other.sent[0]!.card!.tone).toBe('refusal');
    }
    expect(bot.services.db.$client.prepare('select status from checklist_reviews').get()).toEqual({ status: 'open' });
  });

  it('records no forged mark, note or answer from another conversation', async () => {
    const { bot, db, outsider } = await reviewWithNote();
    const elsewhere = consoleTurn(outsider, 'console:elsewhere');
    const mark = recorder();
    await bot.handleAction(elsewhere, { actionId: MARK_ACTION, context: '1:exec.2', value: 'exec.2=in' }, mark);
    expect(mark.sent[0]!.card!.tone).toBe('refusal');
    expect(mark.sent[0]!.text).toContain('not shown in this conversation');
    const note = recorder();
    await bot.handleForm(elsewhere, { formId: NOTE_FORM, state: '1:exec.2', values: { note: 'forged' } }, note);
    expect(note.sent[0]!.card!.tone).toBe('refusal');
    const answer = recorder();
    await bot.handleAction(elsewhere, { actionId: 'checklist.answer', value: '1:exec.2' }, answer);
    expect(answer.sent.map((s) => s.kind)).toEqual(['private']);
    expect(db.$client.prepare('select count(*) as n from checklist_marks').get()).toEqual({ n: 1 });
  });

  it('still takes marks from the review’s conversation and from a conversation it was shared to', async () => {
    const { bot, db, opener, outsider } = await reviewWithNote();
    const coordinator = makeActor(db, 'coordinator', 'console', 3);
    await bot.handleAction(consoleTurn(opener, 'console:exec'), { actionId: MARK_ACTION, context: '1:exec.2', value: 'exec.2=in' }, recorder());
    await bot.handleCommand(consoleTurn(coordinator, 'console:shared'), 'channel vet', recorder());
    await bot.handleCommand(consoleTurn(outsider, 'console:shared'), 'checklist share', recorder());
    const shared = recorder();
    await bot.handleAction(consoleTurn(outsider, 'console:shared'), { actionId: MARK_ACTION, context: '1:exec.2', value: 'exec.2=partly' }, shared);
    expect(shared.sent[0]!.text).toContain('Marked question 2 as partly');
    expect(db.$client.prepare("select count(*) as n from checklist_marks where item_key = 'exec.2'").get()).toEqual({ n: 2 });
  });

  it('privately: whoever opened the review, and whoever the bot showed it to privately, but no one else', async () => {
    const { bot, db, opener, outsider } = await reviewWithNote();
    const member = makeActor(db, 'member', 'console', 4);
    const dm = (who: typeof opener) => ({ ...consoleTurn(who, `teams:a:dm-${who.id}`), scope: 'personal' as const });
    // The opener, in their own private chat with the bot.
    const mine = recorder();
    await bot.handleAction(dm(opener), { actionId: WHICH_ACTION, value: JSON.stringify({ c: 'summary', r: 1 }) }, mine);
    expect(mine.sent[0]!.text).toContain('Summary: Key ingredients review #1');
    // A member who chose "add a note…" on the card in the channel gets the form privately (Teams) and saves it there.
    const chose = recorder();
    await bot.handleAction(consoleTurn(member, 'console:exec'), { actionId: MARK_ACTION, context: '1:exec.3', value: 'exec.3=note' }, chose);
    expect(chose.sent[0]!.form?.id).toBe(NOTE_FORM);
    const saved = recorder();
    await bot.handleForm(dm(member), { formId: NOTE_FORM, state: chose.sent[0]!.form!.state!, values: { note: 'From my 1:1 chat.' } }, saved);
    expect(saved.sent[0]!.text).toBe('Saved your note on question 3 of Key ingredients review #1.');
    // With two reviews open, "which one?" reaches a member privately (Teams: their 1:1 chat); the press counts there.
    const asker = makeActor(db, 'member', 'console', 5);
    await bot.handleCommand(consoleTurn(opener, 'console:exec'), 'checklist business-case', recorder());
    const asked = recorder();
    await bot.handleCommand(consoleTurn(asker, 'console:exec'), 'checklist summary', asked);
    const which = buttons(asked.sent[0]!.card).find((b) => b.type === 'button' && b.label === 'Key ingredients review #1') as { actionId: string; value: string };
    const pressed = recorder();
    await bot.handleAction(dm(asker), { actionId: which.actionId, value: which.value }, pressed);
    expect(pressed.sent[0]!.text).toContain('Summary: Key ingredients review #1');
    // Someone it was never shown to, in their own private chat: refused.
    const forged = recorder();
    await bot.handleAction(dm(outsider), { actionId: WHICH_ACTION, value: JSON.stringify({ c: 'summary', r: 1 }) }, forged);
    expect(forged.sent[0]!.card!.tone).toBe('refusal');
    expect(forged.texts()).not.toContain('skips every meeting');
    const forgedNote = recorder();
    await bot.handleForm(dm(outsider), { formId: NOTE_FORM, state: '1:exec.3', values: { note: 'forged' } }, forgedNote);
    expect(forgedNote.sent[0]!.card!.tone).toBe('refusal');
    expect(db.$client.prepare("select note from checklist_marks where item_key = 'exec.3'").all()).toEqual([{ note: 'From my 1:1 chat.' }]);
  });
});
