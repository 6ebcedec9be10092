// Time-zone names as people type them — "Central", "CST", "Eastern", "London", "America/Chicago" — turned
// into IANA zones, so daylight-saving time is always right (an abbreviation alone names only one offset).
import { IANAZone } from 'luxon';

const ALIASES: Record<string, string> = {
  central: 'America/Chicago',
  ct: 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  eastern: 'America/New_York',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  mountain: 'America/Denver',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  arizona: 'America/Phoenix',
  pacific: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  alaska: 'America/Anchorage',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  hst: 'Pacific/Honolulu',
  utc: 'UTC',
  gmt: 'UTC',
  z: 'UTC',
  london: 'Europe/London',
  uk: 'Europe/London',
  bst: 'Europe/London',
  paris: 'Europe/Paris',
  berlin: 'Europe/Berlin',
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
};

/** Words people add around a zone name: "Central time", "US/Eastern", "Eastern Standard Time". */
const NOISE = /\b(standard|daylight|summer|time|zone|us\/)\b/gi;

/** The zone's own spelling ("europe/london" → "Europe/London"), as the platform's Intl knows it. */
function canonical(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** The IANA zone a typed name stands for, or undefined when it names none. */
export function resolveZone(typed: string): string | undefined {
  const raw = typed.trim();
  if (!raw) return undefined;
  if (raw.includes('/') && IANAZone.isValidZone(raw)) return canonical(raw);
  const word = raw.replace(NOISE, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  if (ALIASES[word]) return ALIASES[word];
  // "Eastern Standard Time" → "eastern"; "Central European Time" → "central european" (not US Central).
  const compact = raw.replace(/\s+/g, '').toLowerCase();
  if (ALIASES[compact]) return ALIASES[compact];
  const city = raw.replace(/\s+/g, '_');
  for (const area of ['America', 'Europe', 'Asia', 'Australia', 'Africa', 'Pacific']) {
    if (IANAZone.isValidZone(`${area}/${city}`)) return canonical(`${area}/${city}`);
  }
  return undefined;
}

/** Examples for a refusal: what the time-zone question accepts. */
export const ZONE_EXAMPLES = '`Central`, `Eastern`, `CST`, `Europe/London` or `America/Chicago`';
