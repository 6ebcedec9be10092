// Signed but malformed Slack requests, sent to the real adapter over HTTP: each is refused with 400 at
// once, none reaches the bot or the Web API, the process never sees an unhandled error, and a normal
// command still works afterwards. The corpus is generated from a fixed seed (malformed-corpus.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/bot.js';
import { commandBody, FORM, postSigned, SIGNING_SECRET, signedHeaders, startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.js';
import { startHarness, testRegistry, type Harness } from './harness.js';
import { malformedCorpus, wellFormed, type Malformed } from './malformed-corpus.js';

const SEED = 20261122;
const SIZE = 1200;
/** Requests in flight at once: enough to finish quickly, few enough for a shared two-core machine. */
const PARALLEL = 16;

let fake: FakeSlack;
let h: Harness;
const reached: string[] = [];

/** Counts every way into the bot; each call still runs. */
function counting(bot: Bot): Bot {
  return {
    services: bot.services,
    handleCommand: (...args) => (reached.push('command'), bot.handleCommand(...args)),
    handleAction: (...args) => (reached.push('action'), bot.handleAction(...args)),
    handleForm: (...args) => (reached.push('form'), bot.handleForm(...args)),
    handleEvent: (...args) => (reached.push('event'), bot.handleEvent(...args)),
  };
}

beforeAll(async () => {
  fake = await startFakeSlack();
  h = await startHarness({ fake, registry: testRegistry(), wrapBot: counting });
});

afterAll(async () => {
  await h.close();
  await fake.close();
});

async function sendAll(corpus: Malformed[]): Promise<{ m: Malformed; status: number }[]> {
  const results: { m: Malformed; status: number }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < corpus.length) {
      const m = corpus[next++]!;
      let status: number;
      try {
        // Bounded, so a request left without an answer is counted rather than hanging the test.
        const res = await fetch(h.eventsUrl, {
          method: 'POST',
          headers: signedHeaders(SIGNING_SECRET, m.body, { contentType: m.contentType }),
          body: m.body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        status = res.status;
      } catch (err) {
        status = (err as Error).name === 'TimeoutError' ? -2 : -1; // no answer, or the connection broke
      }
      results.push({ m, status });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

describe('a corpus of signed, malformed Slack requests', () => {
  it('is large, repeatable and covers every kind of body', () => {
    const corpus = malformedCorpus(SEED, SIZE);
    expect(corpus.length).toBe(SIZE);
    expect(malformedCorpus(SEED, SIZE)).toEqual(corpus);
    expect(corpus.filter((m) => m.contentType === FORM).length).toBeGreaterThan(300);
    expect(corpus.filter((m) => m.contentType !== FORM).length).toBeGreaterThan(300);
    // The two bodies of the issue are in it.
    expect(corpus.some((m) => m.body === 'payload=null')).toBe(true);
    expect(corpus.some((m) => m.body === 'null' && m.contentType === 'application/json')).toBe(true);
  });

  it('is refused with 400, reaches nothing, and leaves the process serving', async () => {
    const corpus = malformedCorpus(SEED, SIZE);
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
    const callsBefore = fake.calls.length;
    let results: Awaited<ReturnType<typeof sendAll>>;
    try {
      results = await sendAll(corpus);
      // An error thrown after the answer (a handler running late) would surface here.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', onCrash);
      process.off('uncaughtException', onCrash);
    }

    const wrong = results.filter((r) => r.status !== 400);
    expect(wrong.map((r) => `${r.status} ${r.m.what}`).slice(0, 15)).toEqual([]);
    expect(results.filter((r) => r.status >= 500 || r.status < 0)).toHaveLength(0);
    expect(crashes).toEqual([]);
    expect(reached).toEqual([]);
    expect(fake.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
    expect(fake.responses).toEqual([]);
    // Refused at the door, not left to Bolt's 3 s wait for a listener that never comes.
    expect(h.logs.filter((l) => l.includes('matched no handler'))).toEqual([]);

    const help = await postSigned(h.eventsUrl, commandBody({ text: 'help' }));
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json?.blocks)).toContain('What you can do here');
    expect(reached).toEqual(['command']);
    expect((await h.healthz()).status).toBe(200);
  }, 120_000);

  it('lets the same requests through when they are not broken', async () => {
    const before = reached.length;
    for (const m of wellFormed(fake.responseUrl('fuzz-control'))) {
      const res = await postSigned(h.eventsUrl, m.body, { contentType: m.contentType });
      expect(res.status, m.what).toBe(200);
    }
    expect(reached.slice(before).sort()).toEqual(['action', 'command', 'event', 'event', 'event', 'event', 'form']);
  });

  it('logged the refusals without the bodies', () => {
    const refusals = h.logs.filter((l) => l.includes('malformed Slack request'));
    expect(refusals.length).toBeGreaterThanOrEqual(SIZE);
    expect(h.logs.join('\n')).not.toContain('legacy-verification-token');
    expect(h.logs.join('\n')).not.toContain('A fuzzed incident');
  });
});
