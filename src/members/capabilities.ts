// What a member can bring in a crisis, as data: the roster's version of the "menu of options" BENS and
// the FBI Chicago field office drew up for new private-sector partners (Beyond Flash Points, 2017).
// Add an entry here to extend the menu; keys are stored on members, so never rename one in place.

export interface Capability {
  key: string;
  label: string;
  /** Words a caller might type in `who`, beside the label's own words. */
  keywords: readonly string[];
}

export const CAPABILITIES: readonly Capability[] = [
  { key: 'cctv', label: 'CCTV / video footage', keywords: ['cctv', 'video', 'footage', 'camera', 'cameras', 'surveillance'] },
  { key: 'logistics', label: 'Logistics and shipping records', keywords: ['logistics', 'shipping', 'shipment', 'parcel', 'package', 'freight', 'delivery'] },
  { key: 'facilities', label: 'Facilities and staging areas', keywords: ['facility', 'facilities', 'staging', 'parking', 'space', 'command post'] },
  { key: 'cyber', label: 'Cyber incident response', keywords: ['cyber', 'ransomware', 'incident response', 'forensics', 'it security'] },
  { key: 'medical', label: 'Medical / closed point of dispensing', keywords: ['medical', 'pod', 'closed pod', 'dispensing', 'health', 'vaccine'] },
  { key: 'communications', label: 'Communications', keywords: ['communications', 'radio', 'radios', 'telecom', 'phones'] },
  { key: 'crisis-communications', label: 'Crisis communications', keywords: ['crisis communications', 'media', 'press', 'public information', 'messaging'] },
  { key: 'intelligence', label: 'Intelligence analysis', keywords: ['intelligence', 'analysis', 'analyst', 'analysts', 'threat assessment'] },
  { key: 'translation', label: 'Translation', keywords: ['translation', 'translator', 'interpreter', 'interpreters', 'language', 'languages'] },
  { key: 'food-water', label: 'Food and water supply', keywords: ['food', 'water', 'supplies', 'meals'] },
  { key: 'power-utilities', label: 'Power and utilities', keywords: ['power', 'utilities', 'electricity', 'generator', 'generators', 'gas'] },
  { key: 'transport', label: 'Transport', keywords: ['transport', 'transportation', 'vehicles', 'buses', 'bus', 'trucks'] },
];

const BY_KEY = new Map(CAPABILITIES.map((c) => [c.key, c]));

export function isCapability(key: string): boolean {
  return BY_KEY.has(key);
}

/** The label of a stored key; a key dropped from the menu still reads as itself. */
export function capabilityLabel(key: string): string {
  return BY_KEY.get(key)?.label ?? key;
}

/**
 * The capabilities a `who` query names: the whole query matches a keyword or the label, or the
 * query is a word of four letters or more that starts one ("footage", "staging", "ship").
 */
export function matchCapabilities(query: string): Capability[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return CAPABILITIES.filter((c) => {
    const words = [c.key, c.label.toLowerCase(), ...c.keywords];
    if (words.includes(q)) return true;
    if (c.label.toLowerCase().includes(q) && q.length >= 4) return true;
    return q.length >= 4 && c.keywords.some((k) => k.startsWith(q) || q.startsWith(k));
  });
}
