// Time comes from an injectable clock so reminders, vetting expiry and retention can be tested.
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
