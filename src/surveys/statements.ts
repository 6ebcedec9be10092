// Answering's hot path as prepared statements: thousands of members may press Send within minutes of a
// survey going out, and building each query afresh cost more than running it (bench/survey.ts).
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { surveys } from '../../db/schema.js';

const prepareSurvey = (db: Db) =>
  db
    .select()
    .from(surveys)
    .where(eq(surveys.id, sql.placeholder('id')))
    .prepare();

export interface AnswerStatements {
  survey: ReturnType<typeof prepareSurvey>;
  sentTo: Database.Statement<[number, number], { n: number }>;
  answered: Database.Statement<[number, number], { n: number }>;
  markAnswered: Database.Statement<[number, number]>;
  insertAnswer: Database.Statement<[number, number, number | null, string | null, string]>;
  answerOfMember: Database.Statement<[number, number], { id: number }>;
  updateById: Database.Statement<[string, number]>;
  updateByKey: Database.Statement<[string, number, string]>;
}

const cache = new WeakMap<Database.Database, AnswerStatements>();

export function answerStatements(db: Db): AnswerStatements {
  const client = db.$client;
  let s = cache.get(client);
  if (!s) {
    s = {
      survey: prepareSurvey(db),
      sentTo: client.prepare('SELECT 1 AS n FROM survey_recipients WHERE survey_id = ? AND member_id = ?'),
      answered: client.prepare('SELECT 1 AS n FROM survey_responders WHERE survey_id = ? AND member_id = ?'),
      markAnswered: client.prepare('INSERT OR IGNORE INTO survey_responders (survey_id, member_id) VALUES (?, ?)'),
      // OR IGNORE: a random id already taken (about never) inserts nothing, and the caller draws again.
      insertAnswer: client.prepare('INSERT OR IGNORE INTO survey_answers (id, survey_id, member_id, key_hash, answers) VALUES (?, ?, ?, ?, ?)'),
      answerOfMember: client.prepare('SELECT id FROM survey_answers WHERE survey_id = ? AND member_id = ?'),
      updateById: client.prepare('UPDATE survey_answers SET answers = ? WHERE id = ?'),
      updateByKey: client.prepare('UPDATE survey_answers SET answers = ? WHERE survey_id = ? AND key_hash = ?'),
    };
    cache.set(client, s);
  }
  return s;
}
