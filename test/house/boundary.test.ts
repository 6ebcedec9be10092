// The platform boundary: src/, jobs/ and db/ never import a platform SDK; only adapters/<platform>/ do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const SDK = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@slack\/bolt|@slack\/web-api|@slack\/socket-mode|botbuilder[^'"]*|botframework-[^'"]*|@microsoft\/teams[^'"]*)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

describe('platform boundary', () => {
  for (const folder of ['src', 'jobs', 'db']) {
    it(`${folder}/ imports no platform SDK`, () => {
      const offenders = sources(join(root, folder))
        .filter((file) => SDK.test(readFileSync(file, 'utf8')))
        .map((file) => relative(root, file));
      expect(offenders).toEqual([]);
    });
  }

  it('only src/main.ts in src/ imports adapters/ or jobs/ (dependencies point inward)', () => {
    const offenders = sources(join(root, 'src'))
      .filter((file) => /from\s+['"]\.\.\/(\.\.\/)*(adapters|jobs)\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
      .filter((file) => file !== join('src', 'main.ts'));
    expect(offenders).toEqual([]);
  });

  it('jobs/ never imports an adapter: it reaches platforms through the Messenger port', () => {
    const offenders = sources(join(root, 'jobs'))
      .filter((file) => /from\s+['"](\.\.\/)+adapters\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('the check itself recognises an SDK import', () => {
    expect(SDK.test("import { App } from '@slack/bolt';")).toBe(true);
    expect(SDK.test("import { CloudAdapter } from 'botbuilder';")).toBe(true);
    expect(SDK.test("const x = await import('botbuilder-core');")).toBe(true);
    expect(SDK.test("import { z } from 'zod';")).toBe(false);
  });
});
