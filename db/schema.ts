// The partnership's tables, one file per domain under db/tables/: SQLite is the source of truth, Redis
// only holds work in flight. drizzle-kit reads db/tables/*.ts; the app imports everything from here.
export * from './tables/alerts.js';
export * from './tables/announcements.js';
export * from './tables/audit.js';
export * from './tables/checklist.js';
export * from './tables/conversations.js';
export * from './tables/delivery.js';
export * from './tables/members.js';
export * from './tables/surveys.js';
export * from './tables/timers.js';
export * from './tables/summits.js';
