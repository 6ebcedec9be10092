// Compiles the bot's TypeScript (src, adapters, jobs, db) to plain JavaScript under dist/, file for file,
// with the SQL migrations beside the database client, so `npm start` runs node without the tsx loader
// (a loader thread and the sources' inline source maps: about 30 MB of the idle process). Types are not
// checked here (`npm run typecheck` does that); esbuild only strips them. Runs before start, console and
// worker (npm's pre-scripts), so a fresh clone or an edited source is always what runs. Quiet unless it fails.
// @see https://esbuild.github.io/api/#build
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const STAMP = join(out, '.sources');
const SOURCES = ['src', 'adapters', 'jobs', 'db'];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const all = SOURCES.flatMap((dir) => files(join(root, dir)));
const entries = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => relative(root, f));
const migrations = all.filter((f) => f.startsWith(join(root, 'db', 'migrations') + '/'));
const inputs = [...entries.map((f) => join(root, f)), ...migrations, join(root, '.ci', 'build.mjs')];
const listing = inputs.map((f) => relative(root, f)).sort().join('\n');

/** Built already from these very files, none changed since: a second process starting beside the first rebuilds nothing. */
function upToDate() {
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== listing) return false;
  const built = statSync(STAMP).mtimeMs;
  return inputs.every((f) => statSync(f).mtimeMs <= built);
}

try {
  if (!upToDate()) {
    // Built beside dist/ and swapped in whole, so a process already running from dist/ never meets a
    // half-written file, and a file deleted from the sources does not live on.
    const next = join(root, `.dist-${process.pid}`);
    await build({
      entryPoints: entries,
      absWorkingDir: root,
      outdir: next,
      outbase: '.',
      // Not bundled: each file stays a module importing the others by their .js names, as tsc would emit.
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'error',
    });
    // db/client.ts finds its migrations beside itself.
    for (const f of migrations) {
      const to = join(next, relative(root, f));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, readFileSync(f));
    }
    writeFileSync(join(next, '.sources'), listing);
    const old = join(root, `.dist-old-${process.pid}`);
    try {
      if (existsSync(out)) renameSync(out, old);
      renameSync(next, out);
    } catch (err) {
      // Another process (a worker started beside the bot) swapped its build in at the same moment:
      // the same sources, so its dist/ serves as well as ours would.
      rmSync(next, { recursive: true, force: true });
      if (!upToDate()) throw err;
    }
    rmSync(old, { recursive: true, force: true });
  }
} catch (err) {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
