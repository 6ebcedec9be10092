// Names two features share without importing each other's folders: the summits feature offers the
// post-summit survey with this action, which the surveys feature registers.
export const SURVEY_FROM_EVENT = 'survey.from-event';
