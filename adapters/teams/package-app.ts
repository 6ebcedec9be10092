// `npm run teams:package`: the Teams app package to sideload — manifest.json with this deployment's
// app id and address filled in, plus the two icons — zipped into DATA_DIR (never committed).
// @see https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const here = dirname(fileURLToPath(import.meta.url));
export const APP_PACKAGE_DIR = join(here, 'app-package');
export const PACKAGE_FILE = 'ppp-teams-app.zip';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageSettings {
  /** The Azure Bot's Microsoft App ID: the Teams app id and the bot id both. */
  appId: string;
  /** Where the bot is reachable over https (the messaging endpoint's host). */
  publicUrl: string;
  /** The partnership's name, shown in the app's full name. */
  name: string;
  version: string;
}

export class PackageError extends Error {}

/** Reads the settings from the environment, each problem naming its variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv, version: string): PackageSettings {
  const appId = env.MICROSOFT_APP_ID?.trim() ?? '';
  if (!GUID.test(appId)) {
    throw new PackageError('MICROSOFT_APP_ID must be the Azure Bot’s Microsoft App ID (a GUID such as 00000000-0000-0000-0000-000000000000)');
  }
  const raw = env.PPP_PUBLIC_URL?.trim() ?? '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PackageError('PPP_PUBLIC_URL must be the https address the bot is reached at, such as https://ppp.example.org');
  }
  if (url.protocol !== 'https:') throw new PackageError('PPP_PUBLIC_URL must start with https:// (Teams accepts only https addresses)');
  const name = env.PPP_NAME?.trim() || 'Security Partnership';
  if (name.length > 80) throw new PackageError('PPP_NAME must be at most 80 characters');
  return { appId: appId.toLowerCase(), publicUrl: url.origin, name, version };
}

/** The manifest with every `${{NAME}}` placeholder filled in; any left over is an error. */
export function buildManifest(settings: PackageSettings, template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')): Record<string, unknown> {
  const values: Record<string, string> = {
    VERSION: settings.version,
    MICROSOFT_APP_ID: settings.appId,
    PPP_PUBLIC_URL: settings.publicUrl,
    PPP_PUBLIC_HOST: new URL(settings.publicUrl).host,
    PPP_NAME: settings.name,
  };
  // Filled in on the parsed JSON, so a name with quotes cannot break the file.
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\$\{\{([A-Z_]+)\}\}/g, (all, key: string) => {
        const value = values[key];
        if (value === undefined) throw new PackageError(`manifest.json has an unknown placeholder ${all}`);
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  return fill(JSON.parse(template)) as Record<string, unknown>;
}

export function buildAppPackage(settings: PackageSettings): { manifest: Record<string, unknown>; zip: Uint8Array } {
  const manifest = buildManifest(settings);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = zipSync({
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    [icons.color]: readFileSync(join(APP_PACKAGE_DIR, icons.color)),
    [icons.outline]: readFileSync(join(APP_PACKAGE_DIR, icons.outline)),
  });
  return { manifest, zip };
}

function main(): void {
  const version = (JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  let settings: PackageSettings;
  try {
    settings = settingsFromEnv(process.env, version);
  } catch (err) {
    if (err instanceof PackageError) {
      process.stderr.write(`teams:package: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const { zip } = buildAppPackage(settings);
  const dataDir = resolve(process.env.DATA_DIR?.trim() || './data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const out = join(dataDir, PACKAGE_FILE);
  writeFileSync(out, zip);
  process.stdout.write(
    `Wrote ${out}\nUpload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app (or ask your Teams admin to add it to the org catalog).\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
