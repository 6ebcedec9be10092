// Anonymity, asserted on the database itself: after members answer an anonymous survey, no row of any
// table links a member to an answer — before the close or after it — while the same check finds the
// link in a named survey (so the check can fail). The key to an answer lives only in the member's card.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { surveyAnswers } from '../../db/schema.js';
import { renderText } from '../../src/cards/text.js';
import type { Identity } from '../../src/core/identity.js';
import { hashAnswerKey } from '../../src/surveys/keys.js';
import { SURVEY_ANSWER } from '../../src/surveys/refs.js';
import { button, members, surveyBot, type SurveyBot } from './neutral.js';

const SURVEY = (anonymous: boolean) => `title: Is the partnership worth it?
anonymous: ${anonymous}
questions:
  - ask: Value delivered
    kind: scale
    low: None
    high: A great deal
  - ask: What would you change?
    kind: text
`;

/** Every row of every table, as text, with the table it is in. */
function everyRow(db: Db): { table: string; row: Record<string, unknown>; text: string }[] {
  const tables = db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.$client.prepare(`select rowid as _rowid, * from "${name}"`).all() as Record<string, unknown>[]).map((row) => ({ table: name, row, text: JSON.stringify(row) })),
  );
}

interface Respondent {
  identity: Identity;
  memberId: number;
  /** Text only this member wrote. */
  secret: string;
  /** The key their "Answered" card carries. */
  key?: string;
}

/**
 * Rows that tie a respondent to their answer: a row holding something of the answer (its row id, its
 * key or key hash, the text only they wrote) and also something of the member (their id in a member
 * column, or their platform identity).
 */
function links(db: Db, respondents: Respondent[]): string[] {
  const rows = everyRow(db);
  const answerRows = db.select().from(surveyAnswers).all();
  const found: string[] = [];
  for (const r of respondents) {
    const answer = answerRows.find((a) => JSON.stringify(a.answers).includes(r.secret));
    const marks = [r.secret, ...(answer ? [`"id":${answer.id},`, `"_rowid":${answer.id},`] : []), ...(answer?.keyHash ? [answer.keyHash] : []), ...(r.key ? [r.key, hashAnswerKey(r.key)] : [])];
    const person = [`${r.identity.platform}:${r.identity.id}`, `"external_id":"${r.identity.id}"`, `"member_id":${r.memberId}`, `"member_id":${r.memberId},`];
    for (const { table, text } of rows) {
      if (marks.some((m) => text.includes(m)) && person.some((p) => text.includes(p))) found.push(`${table}: ${text.slice(0, 160)}`);
    }
  }
  return found;
}

async function answeredBy(w: SurveyBot, anonymous: boolean, count: number): Promise<{ id: number; respondents: Respondent[] }> {
  const people = members(w.services, count);
  const path = join(w.dataDir, 'survey.yaml');
  writeFileSync(path, SURVEY(anonymous));
  const preview = (await w.run(w.coordinator, `survey import ${path}`)).sent.find((s) => s.card?.header?.startsWith('Preview'))!;
  const id = Number(/survey #(\d+)/.exec(preview.card!.header!)![1]);
  await w.press(w.coordinator, { actionId: 'survey.send', value: String(id) });
  await w.settled(`survey-${id}`);
  const respondents: Respondent[] = [];
  for (const [i, identity] of people.entries()) {
    const memberId = w.services.db.$client.prepare('select member_id as m from identities where external_id = ?').get(identity.id) as { m: number };
    const secret = `only-member-${i + 1}-wrote-this`;
    const send = button(w.dmsTo(identity).at(-1)!.card, 'Send my answers');
    const r = await w.press(identity, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: String((i % 5) + 1), q2: secret } });
    const card = r.sent.find((s) => s.kind === 'replace')!.card!;
    expect(renderText(card).text).toContain('Answered');
    const key = /~k([A-Za-z0-9_-]{22})$/.exec(button(card, 'Change').value!)?.[1];
    respondents.push({ identity, memberId: memberId.m, secret, ...(key ? { key } : {}) });
  }
  return { id, respondents };
}

describe('an anonymous survey, on the database', () => {
  it('holds no row linking a member to an answer while open, nor after the close; who answered is deleted and the keys stop working', async () => {
    const w = await surveyBot();
    const { id, respondents } = await answeredBy(w, true, 12);
    const db = w.services.db;

    // Open: answers carry no member, the responders list exists apart, and nothing joins the two.
    expect(db.select({ m: surveyAnswers.memberId }).from(surveyAnswers).all()).toEqual(Array(12).fill({ m: null }));
    expect(db.$client.prepare('select count(*) as n from survey_responders where survey_id = ?').get(id)).toEqual({ n: 12 });
    expect(links(db, respondents)).toEqual([]);
    // The key itself is nowhere in the database: only its hash, beside the answer.
    for (const r of respondents) expect(everyRow(db).filter((x) => x.text.includes(r.key!))).toEqual([]);
    // No time is kept with an answer or a responder, and the answers' ids are random, not in the order given.
    expect((db.$client.prepare("select name from pragma_table_info('survey_answers')").all() as { name: string }[]).map((c) => c.name)).toEqual(['id', 'survey_id', 'member_id', 'key_hash', 'answers']);
    expect((db.$client.prepare("select name from pragma_table_info('survey_responders')").all() as { name: string }[]).map((c) => c.name)).toEqual(['survey_id', 'member_id']);
    const order = (db.$client.prepare('select answers from survey_answers order by rowid').all() as { answers: string }[]).map((a) => Number(/only-member-(\d+)-/.exec(a.answers)![1]));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));

    const closed = await w.run(w.coordinator, `survey close ${id}`);
    expect(closed.texts()).toContain('12 of 13 answered');
    // Closed: the responders list is gone, no key hash is left, and still nothing links anyone to an answer.
    expect(db.$client.prepare('select count(*) as n from survey_responders').get()).toEqual({ n: 0 });
    expect(db.select({ k: surveyAnswers.keyHash }).from(surveyAnswers).all()).toEqual(Array(12).fill({ k: null }));
    expect(links(db, respondents)).toEqual([]);
    // The results went out (recorded as deliveries) without naming anyone.
    const results = everyRow(db).filter((r) => r.table === 'deliveries' && r.text.includes('Results: '));
    expect(results.length).toBeGreaterThan(0);
    for (const r of respondents) expect(results.some((x) => x.text.includes(`member ${respondents.indexOf(r) + 1}"`))).toBe(false);
  });

  it('the same check finds the link in a named survey, as it should', async () => {
    const w = await surveyBot();
    const { respondents } = await answeredBy(w, false, 3);
    expect(links(w.services.db, respondents)).toHaveLength(3);
  });
});
