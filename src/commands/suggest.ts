// "Did you mean": the closest known words to an unknown one, by edit distance or a shared prefix.
import { distance } from 'fastest-levenshtein';

/** Edit distance, but a (nearly) typed-out prefix of a longer word counts as close: `chek` → checklist. */
function score(w: string, c: string): number {
  if (c.startsWith(w) || (w.length >= 4 && w.startsWith(c))) return 0.5;
  const whole = distance(w, c);
  return w.length >= 4 && c.length > w.length ? Math.min(whole, distance(w, c.slice(0, w.length)) + 0.5) : whole;
}

export function suggest(word: string, candidates: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  if (!w) return [];
  const allowed = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  return candidates
    .map((c) => ({ c, d: score(w, c) }))
    .filter((x) => x.d <= allowed)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const found = suggest(word, candidates);
  if (found.length === 0) return '';
  return ` Did you mean ${found.map((f) => `\`${prefix}${f}\``).join(' or ')}?`;
}
