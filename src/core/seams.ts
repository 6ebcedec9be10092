// Names two features agree on without importing each other's folders.
/** The button the summits feature offers coordinators the day after an event (value: the event id); the surveys feature registers it. */
export const SURVEY_FROM_EVENT = 'survey.from-event';
