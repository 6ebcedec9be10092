// Client CPU per post of the two ways this repository posts JSON: a node:http request over a kept-alive
// agent (how raw posting and the Web API's fetch go) and postJson (undici's dispatcher with a handler
// that reads the answer whole: the engine's posts). 4,000 posts at 100 in flight to a server in a child
// process, so only the client's work is counted; ROUNDS rounds each (default 5), alternating.
// `node --import tsx bench/http-client.ts`
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createKeepAliveFetch } from '../src/http/client.js';

const POSTS = 4000;
const IN_FLIGHT = 100;
const SERVER = `
const { createServer } = require('node:http');
const s = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const b = '{"ok":true,"ts":"1234.5678","channel":"C1"}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) });
    res.end(b);
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.send(s.address().port));
`;

const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => server.once('message', (p) => resolve(Number(p))));
const url = new URL(`http://127.0.0.1:${port}/api/chat.postMessage`);
const body = JSON.stringify({ channel: 'C123', text: 'Announcement', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Announcement' } }] });
const headers = () => ({ 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-bench' });

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const viaNodeHttp = () =>
  new Promise<void>((resolve, reject) => {
    const r = request(url, { method: 'POST', headers: { ...headers(), 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        JSON.parse(text);
        resolve();
      });
    });
    r.on('error', reject);
    r.end(body);
  });
const keepAlive = createKeepAliveFetch({ maxSockets: IN_FLIGHT });
const viaPostJson = async () => {
  JSON.parse((await keepAlive.postJson(url, headers(), body, 10_000)).body);
};

async function round(post: () => Promise<void>): Promise<{ wallMs: number; cpuMsPerPost: number }> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next++ < POSTS) await post();
  }));
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - started, cpuMsPerPost: (cpu.user + cpu.system) / 1000 / POSTS };
}

try {
  for (const post of [viaNodeHttp, viaPostJson]) await round(post); // warm both
  for (let n = 1; n <= Number(process.env.ROUNDS ?? 5); n++) {
    for (const [label, post] of [['node:http', viaNodeHttp], ['postJson (undici)', viaPostJson]] as const) {
      const r = await round(post);
      process.stdout.write(`${label.padEnd(18)} round ${n}  wall ${r.wallMs.toFixed(0).padStart(5)} ms  client cpu ${r.cpuMsPerPost.toFixed(3)} ms per post\n`);
    }
  }
} finally {
  agent.destroy();
  keepAlive.destroy();
  server.kill();
}
