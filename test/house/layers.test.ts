// The house's shape, checked on the sources: no two folders import each other (type-only imports
// count too), src/commands/ imports no feature, each feature registers through one index.ts, platform
// error strings stay in the adapters, handlers read typed arguments and members without casts, and only
// src/members/ writes the member tables.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g;

/** The files a source imports by relative path, resolved to .ts. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts')).filter((f) => existsSync(f));
}

/** A folder under src/ (or adapters/<platform>/, jobs/, db/) is one node; a file at src/'s top is its own. */
function nodeOf(file: string): string {
  const [top, second, ...rest] = relative(root, file).split('/');
  if (top === 'src') return rest.length === 0 ? `src/${second}` : `src/${second}/`;
  if (top === 'adapters') return `adapters/${second}/`;
  return `${top}/`;
}

/** Strongly connected groups of more than one node: each is an import cycle. */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** A write to a table of the member record, in Drizzle (`tx.update(members)`) or in SQL. */
const MEMBER_TABLE_WRITE =
  /\.(?:insert|update|delete)\(\s*(?:members|identities|linkRequests|linkAttempts|organizations)\s*\)|\b(?:insert\s+into|delete\s+from)\s+["'`]?(?:members|identities|link_requests|link_attempts|organizations)\b|\bupdate\s+["'`]?(?:members|identities|link_requests|link_attempts|organizations)["'`]?\s+set\b/i;

/** Every line of these files that matches, as `path:line`. */
function linesMatching(paths: string[], pattern: RegExp): string[] {
  return paths.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(root, file)}:${i + 1}`] : [])),
  );
}

const files = ['src', 'adapters', 'jobs', 'db'].flatMap((top) => sources(join(root, top)));
const features = [...readFileSync(join(root, 'src', 'features.ts'), 'utf8').matchAll(/from '\.\/([\w-]+)\/index\.js'/g)].map((m) => m[1]!);

describe('the house', () => {
  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      for (const target of importsOf(file)) {
        const [a, b] = [nodeOf(file), nodeOf(target)];
        if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      }
    }
    expect(cycles(edges)).toEqual([]);
  });

  it('the cycle check itself finds a cycle', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('registers every feature through its folder’s index.ts, which exports one register()', () => {
    expect(features).toEqual(expect.arrayContaining(['help', 'channels', 'announce', 'checklist', 'roster']));
    for (const feature of features) {
      const index = readFileSync(join(root, 'src', feature, 'index.ts'), 'utf8');
      expect([...index.matchAll(/^export /gm)].length, feature).toBe(1);
      expect(index, feature).toMatch(/^export function register\(registry: Registry\): void \{/m);
    }
  });

  it('src/commands/ imports no feature', () => {
    const offenders = sources(join(root, 'src', 'commands')).flatMap((file) =>
      importsOf(file)
        .filter((target) => features.some((f) => target.startsWith(join(root, 'src', f) + '/')))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/ names no Slack or Teams error and no Slack remedy: the adapters map them to SendError kinds', () => {
    const offenders = sources(join(root, 'src')).filter((file) =>
      /not_in_channel|channel_not_found|is_archived|BotNotInConversationRoster|ConversationNotFound|\/invite/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('handlers read typed arguments and members: no casts of ctx.args, no actor.member!', () => {
    expect(linesMatching(sources(join(root, 'src')), /args\.[a-zA-Z]+ as |actor\.member!/)).toEqual([]);
  });

  it('only src/members/ writes members, identities, link requests and attempts, and organizations', () => {
    const others = files.filter((file) => !relative(root, file).startsWith('src/members/'));
    expect(linesMatching(others, MEMBER_TABLE_WRITE)).toEqual([]);
  });

  it('the writer check itself recognises a write, in Drizzle or in SQL', () => {
    expect(MEMBER_TABLE_WRITE.test('tx.update(members).set({ name })')).toBe(true);
    expect(MEMBER_TABLE_WRITE.test('tx.insert(linkRequests).values(row)')).toBe(true);
    expect(MEMBER_TABLE_WRITE.test("db.$client.prepare('DELETE FROM identities WHERE id = ?')")).toBe(true);
    expect(MEMBER_TABLE_WRITE.test("db.$client.prepare('update members set name = ?')")).toBe(true);
    expect(MEMBER_TABLE_WRITE.test('tx.select().from(members)')).toBe(false);
    expect(MEMBER_TABLE_WRITE.test("summary: 'Load or update members from a CSV'")).toBe(false);
    expect(MEMBER_TABLE_WRITE.test('tx.insert(vettingReminders).values(row)')).toBe(false);
  });
});
