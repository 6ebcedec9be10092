// Reading `summit schedule <title> <when> [at <place>] [for 90m]` as people type it: the date phrase is
// found by parseWhen (chrono-node), the title is what comes before it, the place what follows "at".
import { parseDuration, parseWhen } from '../core/when.js';

/** A meeting lasts two hours unless the line says otherwise ("for 90m"). */
export const DEFAULT_DURATION_MS = 2 * 3_600_000;
export const MAX_TITLE = 150;
export const MAX_PLACE = 200;

export interface Parsed {
  title: string;
  place: string | null;
  startsAt: Date;
  zone: string;
  durationMs: number;
  inWords: string;
}

export type ParseResult = ({ ok: true } & Parsed) | { ok: false; problem: string };

// A zone named right after the time ("09:00 America/New_York", "9am Central time"): parseWhen has read
// it already, and it is not part of the place.
const LEADING_ZONE = /^\s*(?:[A-Z][A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?|central|eastern|mountain|pacific|alaska|hawaii|arizona|utc|gmt|[cempa]k?[sd]t|[cemp]t)(?:\s+time)?\b/i;

const unquote = (s: string) => s.trim().replace(/^["“”'‘’](.*)["“”'‘’]$/s, '$1').trim();

/** A date and time, in the partnership's zone unless one is named; refused in words when past, dateless or doubled. */
export function parseMoment(text: string, options: { zone: string; now: Date }) {
  return parseWhen(text, { zone: options.zone, now: options.now, needTime: true, future: true });
}

export function parseScheduleLine(line: string, options: { zone: string; now: Date }): ParseResult {
  const duration = parseDuration(line);
  if (duration.problem) return { ok: false, problem: duration.problem };
  const text = duration.rest;
  // A place with numbers in it ("at 1000 Nicollet Mall, Room 5") can read as a second date: try the
  // line without each "at …" tail, the last first, before giving up.
  const cuts = [...text.matchAll(/\s(?:at|@)\s/gi)].map((m) => m.index).reverse();
  let when = parseMoment(text, options);
  let tail = '';
  for (const cut of cuts) {
    if (when.ok || !/more than one date/.test(when.problem)) break;
    const head = parseMoment(text.slice(0, cut), options);
    if (head.ok) {
      when = head;
      tail = text.slice(cut);
    }
  }
  if (!when.ok) return { ok: false, problem: when.problem };
  const title = unquote(text.slice(0, when.index).replace(/[\s,]*(?:\b(?:on|at)\s*)?$/i, ''));
  const after = (text.slice(when.index + when.phrase.length, tail ? text.length - tail.length : undefined) + tail).replace(LEADING_ZONE, '').trim();
  let place: string | null = null;
  if (after) {
    const m = /^[,;]?\s*(?:at|@)\s+(.+)$/is.exec(after);
    if (!m) return { ok: false, problem: `I understood ${when.inWords}, but not “${after.slice(0, 60)}” after it. Put the place after \`at\`, like \`… 9am at Target HQ\`.` };
    place = unquote(m[1]!);
  }
  if (!title) return { ok: false, problem: `What is it called? I understood ${when.inWords}; put the title before the date, like \`Spring summit March 12 9am\`.` };
  if (title.length > MAX_TITLE) return { ok: false, problem: `The title is ${title.length} characters; keep it to ${MAX_TITLE}.` };
  if (place && place.length > MAX_PLACE) return { ok: false, problem: `The place is ${place.length} characters; keep it to ${MAX_PLACE}.` };
  return { ok: true, title, place: place || null, startsAt: when.at, zone: when.zone, durationMs: duration.ms ?? DEFAULT_DURATION_MS, inWords: when.inWords };
}
