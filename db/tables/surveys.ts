// Member surveys: the survey and its definition, who it was sent to, who has answered (kept only for
// reminders, emptied at the close) and the answers. An anonymous survey's answers carry no member id,
// and nothing here points from a person to an answer (src/surveys/store.ts says how).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, ms } from './columns.js';
import { members } from './members.js';

// A survey: drafted (`survey new`, `survey import`, a template), then sent once, open until its close.
// `questions`, `audience` and `reminders` are JSON in the shapes of src/surveys/definition.ts.
export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    questions: text('questions', { mode: 'json' }).$type<unknown[]>().notNull(),
    audience: text('audience', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    anonymous: bool('anonymous').notNull(),
    // How long it stays open when `survey send` names no close.
    closesAfterMs: integer('closes_after_ms').notNull(),
    // When non-responders are reminded: `halfway`, or a time before the close (`24h`).
    reminders: text('reminders', { mode: 'json' }).$type<string[]>().notNull(),
    // A vetted conversation the results are also posted to, besides the coordinators.
    resultsTo: text('results_to'),
    // none | monthly | quarterly: a repeating survey opens its next occurrence itself.
    repeat: text('repeat').notNull().default('none'),
    // The template it was made from, if any (src/surveys/templates.ts).
    template: text('template'),
    // draft | open | closed | cancelled
    status: text('status').notNull().default('draft'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
    openedBy: integer('opened_by').references(() => members.id),
    openedAt: ms('opened_at'),
    closesAt: ms('closes_at'),
    closedAt: ms('closed_at'),
    // How many it was sent to, and how many answered, recorded at the close (the response rate).
    sentTo: integer('sent_to'),
    answered: integer('answered'),
    // The occurrence this one repeats: at most one next occurrence per survey.
    repeatOf: integer('repeat_of'),
  },
  (t) => [index('surveys_status').on(t.status), uniqueIndex('surveys_repeat_of').on(t.repeatOf)],
);

// Who a survey was sent to, and the identity their direct message went to: reminders and the response
// rate. Says nothing about what anyone answered.
export const surveyRecipients = sqliteTable(
  'survey_recipients',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    target: text('target').notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.memberId] })],
);

// Who has answered, kept apart from the answers and only so reminders skip them; emptied at the close.
// No time is kept: a time could be matched with an answer's.
export const surveyResponders = sqliteTable(
  'survey_responders',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.memberId] })],
);

// One row per respondent, all their answers in `answers` (JSON, by question). The id is random, never
// a counter, and no time is kept, so neither the order of rows nor a timestamp can be matched with
// who answered when. A named survey's row carries the member; an anonymous one's carries only the
// hash of a random key that travels in the member's own survey card, erased (set null) at the close.
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    id: integer('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    memberId: integer('member_id').references(() => members.id),
    keyHash: text('key_hash'),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('survey_answers_member').on(t.surveyId, t.memberId), uniqueIndex('survey_answers_key').on(t.keyHash)],
);
