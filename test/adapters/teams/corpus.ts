// A seeded corpus of malformed Bot Framework activities for POST /api/messages: each case is a valid
// Teams activity with something broken (a field of the wrong type, a part missing, garbage where an
// object belongs, a huge string) or a body that is not an activity at all, and what the bot may do.
import { BOT, JANE, TENANT } from '../../helpers/fake-teams.js';

export interface MalformedCase {
  what: string;
  /** A JSON value to send, or the raw bytes of the body when `raw`. */
  body: unknown;
  raw?: boolean;
  /** 400 when the edge must refuse it; otherwise any answer below 500 will do. */
  status?: 400;
  /** A well-formed activity with an odd payload may still leave a conversation reference behind. */
  mayStore?: boolean;
}

/** mulberry32: small, fast and the same on every machine, so a failing case can be found again by its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function message(serviceUrl: string, n: number, scope: 'personal' | 'channel' = 'personal'): Record<string, Json> {
  const channel = scope === 'channel';
  return {
    type: 'message',
    id: `malformed-${n}`,
    timestamp: '2026-11-22T12:00:00.000Z',
    serviceUrl,
    channelId: 'msteams',
    from: { id: JANE.id, name: JANE.name, aadObjectId: JANE.aadObjectId },
    recipient: { id: BOT.id, name: BOT.name },
    // A conversation of its own per case, so a reference it should not have left is seen.
    conversation: channel
      ? { id: `19:malformed-${n}@thread.tacv2;messageid=${n}`, conversationType: 'channel', tenantId: TENANT, isGroup: true }
      : { id: `a:malformed-${n}`, conversationType: 'personal', tenantId: TENANT },
    channelData: channel ? { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: `19:malformed-${n}@thread.tacv2`, name: 'Exec' } } : { tenant: { id: TENANT } },
    text: channel ? `<at>${BOT.name}</at> help` : 'help',
    entities: channel ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { id: BOT.id, name: BOT.name } }] : [],
    locale: 'en-US',
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function setPath(target: Record<string, Json>, path: string, value: Json | undefined): void {
  const keys = path.split('.');
  let node: any = target;
  for (const key of keys.slice(0, -1)) node = node[/^\d+$/.test(key) ? Number(key) : key];
  const last = keys.at(-1)!;
  const k = /^\d+$/.test(last) ? Number(last) : last;
  if (value === undefined) delete node[k];
  else node[k] = value;
}

function deep(depth: number, leaf: Json = 1): string {
  return '['.repeat(depth) + JSON.stringify(leaf) + ']'.repeat(depth);
}

const HUGE = 'x'.repeat(100_000);
const NOT_STRINGS: Json[] = [0, -1, 3.14, 1e308, true, false, [], ['help'], [{}], {}, { id: 'x' }, { length: 3 }];
const NOT_OBJECTS: Json[] = [0, 7, true, false, 'x', '', HUGE, [], [{ id: JANE.id }], ['a', 'b']];
const NOT_ARRAYS: Json[] = [0, true, 'mention', '', {}, { 0: { type: 'mention' }, length: 1 }];
const NOT_BOOLEANS: Json[] = [0, 1, 'true', 'false', [], {}];

/** Each field the bot or botbuilder reads, with values of the wrong type for it. */
function fieldMutations(): { path: string; scope?: 'channel'; values: Json[] }[] {
  const strings = (path: string, scope?: 'channel') => ({ path, ...(scope ? { scope } : {}), values: NOT_STRINGS });
  return [
    strings('type'),
    strings('id'),
    { path: 'serviceUrl', values: [...NOT_STRINGS, 'not a url', 'javascript:alert(1)', 'ftp://example.com/', 'file:///etc/passwd', `https://${HUGE}.example/`, ' '] },
    strings('channelId'),
    { path: 'from', values: NOT_OBJECTS },
    strings('from.id'),
    strings('from.name'),
    strings('from.aadObjectId'),
    strings('from.role'),
    { path: 'recipient', values: NOT_OBJECTS },
    strings('recipient.id'),
    strings('recipient.name'),
    { path: 'conversation', values: NOT_OBJECTS },
    { path: 'conversation.id', values: [...NOT_STRINGS, HUGE] },
    strings('conversation.conversationType'),
    strings('conversation.tenantId'),
    { path: 'conversation.isGroup', values: NOT_BOOLEANS },
    strings('conversation.name'),
    strings('text'),
    strings('locale'),
    strings('timestamp'),
    strings('localTimestamp'),
    strings('expiration'),
    strings('replyToId'),
    strings('textFormat'),
    { path: 'entities', values: NOT_ARRAYS },
    { path: 'entities.0', scope: 'channel', values: [0, 'mention', null, [], true] },
    strings('entities.0.type', 'channel'),
    strings('entities.0.text', 'channel'),
    { path: 'entities.0.mentioned', scope: 'channel', values: NOT_OBJECTS },
    strings('entities.0.mentioned.id', 'channel'),
    strings('entities.0.mentioned.name', 'channel'),
    { path: 'attachments', values: NOT_ARRAYS },
    { path: 'attachments.0', values: [0, 'file', null, [], true] },
    { path: 'channelData', values: NOT_OBJECTS },
    { path: 'channelData.tenant', values: NOT_OBJECTS },
    strings('channelData.tenant.id'),
    { path: 'channelData.channel', scope: 'channel', values: NOT_OBJECTS },
    strings('channelData.channel.id', 'channel'),
    strings('channelData.channel.name', 'channel'),
    { path: 'channelData.team', scope: 'channel', values: NOT_OBJECTS },
    { path: 'membersAdded', values: NOT_ARRAYS },
    { path: 'membersRemoved', values: NOT_ARRAYS },
    strings('action'),
    strings('name'),
  ];
}

const RAW_BODIES: [string, string | Buffer][] = [
  ['empty', ''],
  ['whitespace', ' \n\t '],
  ['a bare brace', '{'],
  ['unterminated', '{"type": "message", '],
  ['single quotes', "{'type':'message','text':'help'}"],
  ['a trailing comma', '{"type":"message","text":"help",}'],
  ['a comment', '{"type":"message" /* hi */}'],
  ['undefined', 'undefined'],
  ['NaN', 'NaN'],
  ['a byte-order mark', '\ufeff{"type":"message"}'],
  ['form encoding', 'type=message&text=help'],
  ['XML', '<activity type="message"/>'],
  ['null', 'null'],
  ['true', 'true'],
  ['a number', '42'],
  ['a string', '"message"'],
  ['an array of activities', '[{"type":"message","text":"help"}]'],
  ['an empty array', '[]'],
  ['an empty object', '{}'],
  ['nested arrays 50,000 deep', deep(50_000)],
  ['nested objects 20,000 deep', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
  ['a NUL byte', '{"type":"message","text":"he\u0000lp"'],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
];

const INVOKE_NAMES: Json[] = ['fileConsent/invoke', 'adaptiveCard/action', 'composeExtension/query', 'signin/verifyState', 'task/fetch', 'config/fetch', 'actionableMessage/executeAction', 'x', 'FILECONSENT/INVOKE'];
const ODD_VALUES: Json[] = [
  null,
  0,
  'accept',
  [],
  {},
  { type: 'fileUpload' },
  { type: 'fileUpload', action: 'accept' },
  { type: 'fileUpload', action: 'accept', context: 'o=1' },
  { type: 'fileUpload', action: 'accept', context: { o: '1', t: 'x' } },
  { type: 'fileUpload', action: 'explode', context: { o: 1, t: 'x' } },
  { type: 'fileUpload', action: 'accept', context: { o: 1.5, t: 'x' } },
  { type: 'fileUpload', action: 'accept', context: { o: 1, t: HUGE } },
  { type: 'fileUpload', action: 'accept', context: { o: 1, t: 'x' }, uploadInfo: 'http://169.254.169.254/' },
  { action: { type: 'Action.Execute', verb: 5, data: [] } },
  { _ppp: 'a' },
  { _ppp: { k: 'zz' } },
  { _ppp: { k: 'a', a: '' } },
  { _ppp: { k: 'a', a: HUGE } },
  { _ppp: { k: 's', s: 'all' } },
  { _ppp: { k: 'f', form: { id: 'x' } } },
  { _ppp: { k: 'f', form: { id: 'x', title: 't', submitLabel: 's', inputs: 'none' } } },
  { _ppp: null, title: 'Chief' },
  { __proto__: { isAdmin: true } } as unknown as Json,
  JSON.parse(deep(1_000)) as Json,
];

const ATTACHMENT_GARBAGE: Json[] = [
  [{}],
  [{ contentType: 5 }],
  [{ contentType: 'application/vnd.microsoft.teams.file.download.info' }],
  [{ contentType: 'application/vnd.microsoft.teams.file.download.info', content: 'http://x' }],
  [{ contentType: 'application/vnd.microsoft.teams.file.download.info', content: { downloadUrl: 5 } }],
  [{ contentType: 'application/vnd.microsoft.teams.file.download.info', content: { fileType: 'csv' } }],
  [{ contentType: 'text/html', content: '<script>alert(1)</script>' }],
  [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: 'x' } }],
  [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA' }],
];

const ENTITY_GARBAGE: Json[] = [
  [{ type: 'clientInfo', locale: 5, country: [], platform: {} }],
  [{ type: 'mention' }],
  [{ type: 'mention', text: '<at>PPP</at>' }],
  [{ type: 'mention', text: '<at>PPP</at>', mentioned: {} }],
  [{ type: 'mention', text: '', mentioned: { id: '' } }],
  [{ type: 'MENTION', text: 5, mentioned: { id: BOT.id } }],
  [{ type: 'mention', text: '<at>PPP</at>', mentioned: { id: BOT.id, name: 5 } }],
  [{}],
];

/**
 * At least `count` malformed cases for a bot whose connector is at `serviceUrl`, the same for the same
 * seed. Every case must get an answer below 500 and no reply; those marked 400 must be refused at the edge.
 */
export function malformedActivities(serviceUrl: string, seed: number, count = 1200): MalformedCase[] {
  const rand = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const cases: MalformedCase[] = [];
  let n = 0;

  for (const [what, body] of RAW_BODIES) cases.push({ what: `raw: ${what}`, body, raw: true, status: 400 });

  // Nesting deeper than JSON.stringify can walk, inside an otherwise valid activity (sent as text).
  for (const field of ['value', 'channelData', 'entities', 'attachments', 'from'] as const) {
    const base = message(serviceUrl, ++n);
    delete base.text;
    const json = JSON.stringify({ ...base, [field]: '@DEEP@' }).replace('"@DEEP@"', deep(40_000));
    cases.push({ what: `${field} nested 40,000 deep`, body: json, raw: true, mayStore: field === 'value' });
  }

  const notObjects: Json[] = [null, true, 0, 'message', [], [message(serviceUrl, 0)]];
  for (const v of notObjects) cases.push({ what: `body ${JSON.stringify(v).slice(0, 40)}`, body: v, status: 400 });

  // Every field with every wrong type, on the kind of activity that carries it.
  for (const { path, scope, values } of fieldMutations()) {
    for (const value of values) {
      const base = message(serviceUrl, ++n, scope);
      if (path.startsWith('members')) base.type = 'conversationUpdate';
      if (path === 'action') base.type = 'installationUpdate';
      if (path === 'name') base.type = 'invoke';
      if (path.startsWith('attachments.')) base.attachments = [{ contentType: 'text/plain', content: 'x' }];
      setPath(base, path, value);
      cases.push({ what: `${path} = ${JSON.stringify(value).slice(0, 40)}`, body: base, status: 400 });
    }
  }

  // The parts a reply needs, missing or empty: logged and dropped, or refused.
  const needed = ['serviceUrl', 'conversation', 'conversation.id', 'from', 'from.id', 'recipient', 'recipient.id', 'type', 'channelId'];
  for (const path of needed) {
    for (const value of [undefined, ''] as const) {
      const base = message(serviceUrl, ++n);
      setPath(base, path, value);
      cases.push({ what: `${path} ${value === undefined ? 'missing' : 'empty'}`, body: base });
    }
  }

  // Invokes with odd names and values: answered below 500, with nothing posted.
  for (const name of INVOKE_NAMES) {
    for (const value of ODD_VALUES) {
      const base = message(serviceUrl, ++n);
      base.type = 'invoke';
      base.name = name;
      delete base.text;
      base.value = clone(value);
      cases.push({ what: `invoke ${String(name)} value ${JSON.stringify(value)?.slice(0, 40)}`, body: base, mayStore: true });
    }
  }

  // Messages without text whose attachments, entities or value are garbage: nothing to run.
  for (const attachments of ATTACHMENT_GARBAGE) {
    const base = message(serviceUrl, ++n);
    delete base.text;
    base.attachments = clone(attachments);
    cases.push({ what: `attachments ${JSON.stringify(attachments).slice(0, 60)}`, body: base, mayStore: true });
  }
  for (const value of ODD_VALUES) {
    const base = message(serviceUrl, ++n);
    delete base.text;
    base.value = clone(value);
    cases.push({ what: `submit value ${JSON.stringify(value)?.slice(0, 40)}`, body: base, mayStore: true });
  }
  // Malformed mention entities on a channel message that would otherwise run `help`: refused.
  for (const entities of ENTITY_GARBAGE.slice(1)) {
    const base = message(serviceUrl, ++n, 'channel');
    base.entities = clone(entities);
    cases.push({ what: `entities ${JSON.stringify(entities).slice(0, 60)}`, body: base, status: 400 });
  }

  // Random combinations until the corpus is big enough: several fields broken at once.
  const mutations = fieldMutations();
  while (cases.length < count) {
    const scope = rand() < 0.5 ? 'channel' : 'personal';
    const base = message(serviceUrl, ++n, scope);
    // Garbage of the right type first, so a mutation below always has the last word.
    if (rand() < 0.3) base.attachments = clone(pick(ATTACHMENT_GARBAGE));
    const broken: string[] = [];
    const times = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < times; i++) {
      const m = pick(mutations.filter((x) => !x.scope || x.scope === scope));
      const value = pick(m.values);
      try {
        setPath(base, m.path, clone(value));
        broken.push(m.path);
      } catch {
        // An earlier mutation replaced a parent with a non-object: this path no longer exists.
      }
    }
    if (broken.length === 0) continue;
    cases.push({ what: `random #${cases.length}: ${broken.join(', ')}`, body: base, status: 400 });
  }
  return cases;
}

export interface Outcome {
  what: string;
  status: number | string;
  calls: string[];
  stored: number;
}

/** Posts every case and returns the ones the bot mishandled, with what it did. */
export async function runCorpus(
  url: string,
  cases: MalformedCase[],
  observe: { calls: () => number; callKinds: (from: number) => string[]; refs: () => number },
  headers: (c: MalformedCase) => Promise<Record<string, string>> = async () => ({}),
): Promise<{ bad: Outcome[]; statuses: Record<string, number> }> {
  const bad: Outcome[] = [];
  const statuses: Record<string, number> = {};
  for (const c of cases) {
    const callsBefore = observe.calls();
    const refsBefore = observe.refs();
    let status: number | string;
    try {
      const body = c.raw ? (c.body as string | Buffer) : JSON.stringify(c.body);
      const response = await fetch(new URL('/api/messages', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await headers(c)) },
        body,
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (err) {
      status = `no answer: ${(err as Error).message}`;
    }
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    const calls = observe.callKinds(callsBefore);
    const stored = observe.refs() - refsBefore;
    const wrongStatus = typeof status !== 'number' || status >= 500 || (c.status !== undefined && status !== c.status);
    if (wrongStatus || calls.length > 0 || (stored > 0 && !c.mayStore)) bad.push({ what: c.what, status, calls, stored });
  }
  return { bad, statuses };
}

