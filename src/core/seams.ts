// Names two features agree on without importing each other's folders.
/** The button the summits feature offers coordinators the day after an event (value: the event id). */
export const SURVEY_FROM_EVENT = 'survey.from-event';
