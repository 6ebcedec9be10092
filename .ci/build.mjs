// Bundles the bot (src/main.ts and what it imports, its npm packages included) into dist/src/, with the
// SQL migrations beside it, so `npm start` runs plain JavaScript without the tsx loader. Bundled and
// whitespace-minified because V8 keeps every loaded module's source text in the heap for as long as the
// process runs: file for file, the packages' sources (comments and all) were about 20 MB of an idle bot's
// 55 MB heap; bundled, the bot loads about 8 MB. Names are kept, so stack traces still read. The platform
// adapters and the dashboard stay separate chunks, loaded only when configured. Types are not checked
// here (`npm run typecheck` does that). Runs before start, console and worker (npm's pre-scripts), so a
// fresh clone, an edited source or a changed install is always what runs. Quiet unless it fails.
// @see https://esbuild.github.io/api/#splitting
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
const migrations = all.filter((f) => f.startsWith(join(root, 'db', 'migrations') + '/'));
// Any file under the sources may reach the bundle, and so does what npm installed: a change to either rebuilds it.
const installed = join(root, 'node_modules', '.package-lock.json');
const inputs = [...all, join(root, '.ci', 'build.mjs'), ...(existsSync(installed) ? [installed] : [])];
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
      entryPoints: ['src/main.ts'],
      absWorkingDir: root,
      outdir: join(next, 'src'),
      bundle: true,
      // The dynamic imports (an adapter, the dashboard) become chunks of their own, loaded when reached.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minifyWhitespace: true,
      minifySyntax: true,
      // Native addons load from node_modules as they are; pino stays a package so its own files
      // (worker-thread transports, should one be configured) are where it looks for them.
      external: ['better-sqlite3', 'msgpackr-extract', 'pino'],
      // The bundled CommonJS packages call require() and name __dirname; an ES module has neither. They
      // get the chunk's own (ioredis, BullMQ and msgpackr only use them for optional files and stacks;
      // import.meta.dirname is why engines asks for Node 20.11).
      define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
      banner: { js: "import { createRequire as __ppp_require } from 'node:module'; const require = __ppp_require(import.meta.url);" },
      logLevel: 'error',
    });
    // db/client.ts finds its migrations beside the file it is bundled into.
    for (const f of migrations) {
      const to = join(next, 'src', 'migrations', relative(join(root, 'db', 'migrations'), f));
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
