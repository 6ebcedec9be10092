// The Slack app manifests parse, point at /slack/events, escape mentions, and ask for the scopes the
// adapter's Web API calls and the subscribed events need. No YAML parser is installed, so a small
// reader for the block-style subset the manifests use is below.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', '..', '..', 'adapters', 'slack');

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

function scalar(text: string): Yaml {
  const t = text.trim();
  const double = /^("(?:[^"\\]|\\.)*")\s*(?:#.*)?$/.exec(t);
  if (double) return JSON.parse(double[1]!) as string;
  const single = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(t);
  if (single) return single[1]!.replace(/''/g, "'");
  const bare = t.replace(/\s+#.*$/, '');
  if (bare === 'true' || bare === 'false') return bare === 'true';
  if (bare === 'null' || bare === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(bare)) return Number(bare);
  if (/^[[{&*!|>%@`]/.test(bare)) throw new Error(`unsupported YAML: ${t}`);
  return bare;
}

/** Block mappings, block sequences (of scalars or mappings) and scalars; comments and blank lines ignored. */
function readYaml(source: string): Yaml {
  const lines = source
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => {
      if (l.includes('\t')) throw new Error('tabs are not allowed in YAML indentation');
      return { indent: l.length - l.trimStart().length, text: l.trim() };
    });
  let i = 0;
  const keyOf = (text: string) => /^([A-Za-z_][\w.-]*):(?:\s+(.*))?$/.exec(text);

  function mapping(indent: number): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    while (i < lines.length && lines[i]!.indent === indent && !lines[i]!.text.startsWith('- ')) {
      const m = keyOf(lines[i]!.text);
      if (!m) throw new Error(`not a key: ${lines[i]!.text}`);
      const [, key, rest] = m;
      if (key! in out) throw new Error(`duplicate key: ${key}`);
      i++;
      if (rest !== undefined && rest !== '') out[key!] = scalar(rest);
      else if (i < lines.length && (lines[i]!.indent > indent || (lines[i]!.indent === indent && lines[i]!.text.startsWith('- ')))) out[key!] = block(lines[i]!.indent);
      else out[key!] = null;
    }
    if (i < lines.length && lines[i]!.indent > indent) throw new Error(`bad indentation: ${lines[i]!.text}`);
    return out;
  }

  function sequence(indent: number): Yaml[] {
    const out: Yaml[] = [];
    while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- ')) {
      const item = lines[i]!.text.slice(2);
      if (keyOf(item)) {
        // `- key: value` starts a mapping whose other keys line up with `key`.
        lines[i] = { indent: indent + 2, text: item };
        out.push(mapping(indent + 2));
      } else {
        i++;
        out.push(scalar(item));
      }
    }
    return out;
  }

  function block(indent: number): Yaml {
    return lines[i]!.text.startsWith('- ') ? sequence(indent) : mapping(indent);
  }

  const doc = block(0);
  if (i !== lines.length) throw new Error(`unparsed from: ${lines[i]!.text}`);
  return doc;
}

interface Manifest {
  display_information: { name: string };
  features: { slash_commands: { command: string; url?: string; should_escape: boolean }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const load = (name: string) => readYaml(readFileSync(join(dir, name), 'utf8')) as unknown as Manifest;

/** The scope each Web API method the adapter calls needs. */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.members': ['channels:read', 'groups:read'],
  'views.open': [],
  'auth.test': [],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.info': ['files:read'],
  'users.info': ['users:read', 'users:read.email'],
};
const EVENT_SCOPES: Record<string, string[]> = {
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  channel_left: ['channels:read'],
  group_left: ['groups:read'],
  channel_archive: ['channels:read'],
  group_archive: ['groups:read'],
  app_uninstalled: [],
  tokens_revoked: [],
};

describe('Slack app manifests', () => {
  const http = load('manifest.yml');
  const socket = load('manifest.socket-mode.yml');

  it('the reader reads what it claims to', () => {
    expect(readYaml('a:\n  b: "#x" # note\n  c:\n    - one\n    - k: 1\n      v: true\nd:\n- x\n')).toEqual({ a: { b: '#x', c: ['one', { k: 1, v: true }] }, d: ['x'] });
    expect(() => readYaml('a: [1, 2]')).toThrow(/unsupported/);
    expect(() => readYaml('a: 1\na: 2')).toThrow(/duplicate/);
  });

  it('HTTP mode: every request URL ends in /slack/events; /ppp escapes mentions', () => {
    const [command] = http.features.slash_commands;
    expect(command).toMatchObject({ command: '/ppp', should_escape: true });
    expect(command!.command.length).toBeLessThanOrEqual(32);
    for (const url of [command!.url, http.settings.event_subscriptions.request_url, http.settings.interactivity.request_url]) {
      expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
    expect(http.settings.interactivity.is_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it('Socket Mode: enabled, with no request URL anywhere, and otherwise the same app', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/url"/);
    expect(socket.features.slash_commands[0]).toMatchObject({ command: '/ppp', should_escape: true });
    expect(socket.settings.interactivity.is_enabled).toBe(true);
    expect(socket.oauth_config.scopes.bot).toEqual(http.oauth_config.scopes.bot);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(http.settings.event_subscriptions.bot_events);
  });

  it('asks for the scopes the adapter’s calls and events need, and subscribes to the lifecycle events', () => {
    const scopes = new Set(http.oauth_config.scopes.bot);
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const methods = new Set([...sources.matchAll(/\bweb\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    expect([...methods].sort()).toEqual(['auth.test', 'chat.postEphemeral', 'chat.postMessage', 'chat.update', 'conversations.members', 'conversations.open', 'files.completeUploadExternal', 'files.getUploadURLExternal', 'files.info', 'users.info', 'views.open']);
    for (const method of methods) for (const scope of METHOD_SCOPES[method]!) expect(scopes, method).toContain(scope);
    const events = http.settings.event_subscriptions.bot_events;
    expect([...events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    for (const event of events) for (const scope of EVENT_SCOPES[event]!) expect(scopes, event).toContain(scope);
    expect(scopes).toContain('commands');
    expect(scopes).toContain('users:read');
  });
});
