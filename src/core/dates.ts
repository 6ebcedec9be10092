// Dates as members read them, in the partnership's time zone (PPP_TIMEZONE).
import { DateTime } from 'luxon';

export function formatDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('d LLL yyyy');
}

export function formatDateTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("d LLL yyyy HH:mm ZZZZ");
}
