// Words as people write and type them: lists in a sentence, and a name as a command takes it.

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** How a person's name is typed so a command reads it as one: `@jane`, or `@"Jane Doe"` with a space. */
export function atName(name: string): string {
  const clean = name.replace(/["\u201C\u201D\u201E]/g, '').trim();
  return /\s/.test(clean) || clean === '' ? `@"${clean}"` : `@${clean}`;
}
