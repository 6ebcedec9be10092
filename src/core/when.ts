// Dates and times as people type them ("March 12 9am", "next Thursday 14:00", "2027-03-12 09:00
// America/New_York"), read in the partnership's zone unless the text names one, with what was
// understood said back in words. chrono-node finds the phrase; luxon places it in the zone, DST included.
// @see https://github.com/wanasit/chrono (parse results: known and implied values)
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { resolveZone } from './zones.js';

export type WhenResult =
  | {
      ok: true;
      at: Date;
      /** The IANA zone it was read in (the text's own, or the default). */
      zone: string;
      /** Where the date phrase stands in the input, and the phrase itself, so a caller can cut it out. */
      index: number;
      phrase: string;
      /** What the bot understood, in words: "Friday 12 March 2027, 09:00 CDT". */
      inWords: string;
    }
  | { ok: false; problem: string };

export interface WhenOptions {
  /** The partnership's zone (PPP_TIMEZONE), used when the text names none. */
  zone: string;
  now: Date;
  /** Refuse a date without a time of day ("March 12" alone): meetings and closes need one. */
  needTime?: boolean;
  /** Refuse a moment in the past. */
  future?: boolean;
}

// An IANA zone ("America/New_York") or a zone word right after a time ("9am Central", "14:00 CST").
const IANA = /\b([A-Z][A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)\b/;
const ZONE_WORD = /\b(central|eastern|mountain|pacific|alaska|hawaii|arizona|utc|gmt|[cempa]k?[sd]t|[cemp]t)(\s+time)?\b/i;

export function describeWhen(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("cccc d LLLL yyyy, HH:mm ZZZZ");
}

/** A time in a member's own zone beside the event's: "09:00 CDT (15:00 GMT your time)". */
export function describeForReader(at: Date, zone: string, readerZone: string | null | undefined): string {
  const there = DateTime.fromJSDate(at, { zone });
  const base = there.toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
  if (!readerZone || readerZone === zone) return base;
  const mine = DateTime.fromJSDate(at, { zone: readerZone });
  if (!mine.isValid || mine.offset === there.offset) return base;
  const sameDay = mine.toISODate() === there.toISODate();
  return `${base} (${mine.toFormat(sameDay ? 'HH:mm ZZZZ' : 'cccc HH:mm ZZZZ')} your time)`;
}

/** Takes the zone out of the text, so chrono reads only the date and time. */
function splitZone(text: string): { rest: string; zone?: string; named?: string } {
  const iana = IANA.exec(text);
  if (iana) {
    const zone = resolveZone(iana[1]!);
    if (zone) return { rest: text.replace(iana[0], ' '), zone, named: iana[1]! };
  }
  const word = ZONE_WORD.exec(text);
  if (word) {
    const zone = resolveZone(word[1]!);
    if (zone) return { rest: text.replace(word[0], ' '), zone, named: word[0] };
  }
  return { rest: text };
}

export function parseWhen(input: string, options: WhenOptions): WhenResult {
  const { rest, zone: named } = splitZone(input);
  const zone = named ?? options.zone;
  // chrono computes "tomorrow" and "next Thursday" from the reference's wall clock: give it the wall
  // clock of the zone, as if it were UTC, and read the components back in that zone.
  const wall = DateTime.fromJSDate(options.now, { zone });
  const reference = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  const results = chrono.parse(rest, { instant: reference, timezone: 0 }, { forwardDate: true });
  if (results.length === 0) {
    return { ok: false, problem: `I could not find a date in “${input.trim().slice(0, 80)}”. Try \`March 12 9am\`, \`next Thursday 14:00\` or \`2027-03-12 09:00 America/New_York\`.` };
  }
  if (results.length > 1) {
    const found = results.map((r) => `“${r.text}”`).join(' and ');
    return { ok: false, problem: `I found more than one date in that (${found}). Give one date and time.` };
  }
  const result = results[0]!;
  const start = result.start;
  const text = result.text;
  if (options.needTime && !start.isCertain('hour')) {
    const day = DateTime.fromObject({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }, { zone });
    return { ok: false, problem: `At what time? I understood ${day.isValid ? day.toFormat('cccc d LLLL yyyy') : `“${text}”`} but no time of day; add one, like \`${text} 9am\`.` };
  }
  const parts = { year: start.get('year')!, month: start.get('month')!, day: start.get('day')!, hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 };
  // A time with an explicit offset ("+02:00") that is not a zone name: keep that fixed offset.
  const offset = !named && start.isCertain('timezoneOffset') ? start.get('timezoneOffset') : null;
  const placeZone = offset !== null && offset !== undefined ? `UTC${offset >= 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 ? `:${String(Math.abs(offset) % 60).padStart(2, '0')}` : ''}` : zone;
  const at = DateTime.fromObject(parts, { zone: placeZone });
  if (!at.isValid) return { ok: false, problem: `“${text}” is not a date I can place (${at.invalidExplanation ?? 'invalid'}).` };
  if (at.hour !== parts.hour || at.minute !== parts.minute) {
    return { ok: false, problem: `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')} does not exist on ${at.toFormat('d LLLL yyyy')} in ${zone}: the clocks go forward then. Pick another time.` };
  }
  const when = at.toJSDate();
  const inWords = describeWhen(when, placeZone);
  if (options.future && when.getTime() <= options.now.getTime()) {
    return { ok: false, problem: `That is in the past: I understood ${inWords}.` };
  }
  const index = input.indexOf(text) >= 0 ? input.indexOf(text) : result.index;
  return { ok: true, at: when, zone: placeZone, index, phrase: text, inWords };
}

/** "for 90m", "for 2h", "for 1.5 hours", "for 1h30": a meeting's length in the text, and the text without it. */
export function parseDuration(input: string): { ms?: number; rest: string; problem?: string } {
  const match = /\bfor\s+(?:(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)(?![a-z])\s*(?:(\d+)\s*(?:minutes?|mins?|m)?(?![a-z]))?|(\d+)\s*(?:minutes?|mins?|m)(?![a-z]))/i.exec(input);
  if (!match) return { rest: input };
  const [all, hours, extraMinutes, minutesOnly] = match;
  const minutes = hours !== undefined ? Number(hours) * 60 + Number(extraMinutes ?? 0) : Number(minutesOnly);
  const rest = input.replace(all, ' ').replace(/\s+/g, ' ').trim();
  if (!(minutes >= 5 && minutes <= 24 * 60)) return { rest, problem: `A meeting lasts between 5 minutes and 24 hours (“${all.trim()}”).` };
  return { ms: Math.round(minutes * 60_000), rest };
}
