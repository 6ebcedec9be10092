// Summarises a V8 .cpuprofile: self time by function and by where the code lives (our folders, each
// package), so a profile can be read in a report without DevTools.
// Usage: node --import tsx bench/lib/cpuprofile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { formatTable } from './table.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function place(url: string): string {
  if (!url) return '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(adapters\/[^/]+|jobs|src\/[^/]+|db|bench|test\/helpers)\//.exec(url);
  return m ? m[1]! : url.replace(/^.*\//, '');
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: cpuprofile-summary <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const name = n.callFrame.functionName || '(anonymous)';
  const where = place(n.callFrame.url);
  const key = `${name} ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const p = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : where;
  byPlace.set(p, (byPlace.get(p) ?? 0) + us);
}
// Native frames (a socket write, a SQLite step) charged to the JavaScript that called them.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byCaller = new Map<string, number>();
for (const [id, us] of self) {
  let n = byId.get(id)!;
  const name = n.callFrame.functionName;
  if (['(idle)', '(program)', '(garbage collector)'].includes(name)) {
    byCaller.set(name, (byCaller.get(name) ?? 0) + us);
    continue;
  }
  while (!n.callFrame.url && parent.has(n.id)) n = byId.get(parent.get(n.id)!)!;
  const p = place(n.callFrame.url);
  byCaller.set(p, (byCaller.get(p) ?? 0) + us);
}
const rows = (m: Map<string, number>) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([what, us]) => ({ what, ms: Math.round(us / 1000), share: `${((us / total) * 100).toFixed(1)}%` }));
process.stdout.write(`profile ${Math.round(total / 1000)} ms sampled\n\nself time by place\n${formatTable(['what', 'ms', 'share'], rows(byPlace))}\n\n`);
process.stdout.write(`self time by place, native work charged to its caller\n${formatTable(['what', 'ms', 'share'], rows(byCaller))}\n\n`);
process.stdout.write(`self time by function\n${formatTable(['what', 'ms', 'share'], rows(byFn))}\n`);
