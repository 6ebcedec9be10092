// Raw posting from a process of its own that has been idle as long as the bot before its Send: started
// while the bot idles, told to post once by IPC, it answers with its wall time. The bench's own raw rounds
// run warm, in a process that never idles; this one shows what the same quiet minute costs code that
// does nothing but post (V8 drops optimised code and shrinks its heap in a quiet process).
// Usage (from bench/fanout/process.ts): node --import tsx bench/fanout/raw-child.ts <slack port> <teams service URL> <per platform>
import type { FakeSlack } from '../../test/helpers/fake-slack.js';
import type { FakeTeams } from '../../test/helpers/fake-teams.js';
import { rawPosting } from './raw.js';

const [slackPort, teamsUrl, perPlatform] = process.argv.slice(2);
const slack = { port: Number(slackPort) } as FakeSlack;
const teams = { serviceUrl: teamsUrl } as FakeTeams;

process.on('message', (m) => {
  if (m !== 'post') return;
  rawPosting(slack, teams, Number(perPlatform)).then(
    (r) => process.send!({ wallMs: r.wallMs, errors: r.errors }),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send!('ready');
