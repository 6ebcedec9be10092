// Summarises V8 heap snapshots without DevTools: self size by constructor, retained size (dominator
// tree) of the largest objects, and, given two snapshots, what grew between them.
// Usage: node --import tsx bench/lib/heap-summary.ts <a.heapsnapshot> [b.heapsnapshot] [top]
import { readFileSync } from 'node:fs';
import { formatTable } from './table.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Heap {
  count: number;
  type: string[];
  name: string[];
  self: Float64Array;
  retained: Float64Array;
  total: number;
}

function load(file: string): Heap {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const ef = s.snapshot.meta.edge_fields;
  const nodeTypes = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const N = nf.length;
  const E = ef.length;
  const count = s.nodes.length / N;
  const [iType, iName, iSelf, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eType, eTo] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const weak = edgeTypes.indexOf('weak');
  const type: string[] = new Array(count);
  const name: string[] = new Array(count);
  const self = new Float64Array(count);
  const firstEdge = new Int32Array(count + 1);
  let edgeIndex = 0;
  for (let i = 0; i < count; i++) {
    type[i] = nodeTypes[s.nodes[i * N + iType!]!]!;
    name[i] = s.strings[s.nodes[i * N + iName!]!]!;
    self[i] = s.nodes[i * N + iSelf!]!;
    firstEdge[i] = edgeIndex;
    edgeIndex += s.nodes[i * N + iEdges!]! * E;
  }
  firstEdge[count] = edgeIndex;
  const succ = (i: number, f: (j: number) => void) => {
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += E) {
      if (s.edges[e + eType!] === weak) continue;
      f(s.edges[e + eTo!]! / N);
    }
  };
  // Post-order from the root, then Cooper–Harvey–Kennedy dominators.
  const order = new Int32Array(count).fill(-1);
  const post: number[] = [];
  const stack: [number, number][] = [[0, firstEdge[0]!]];
  order[0] = -2;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [i, e] = top;
    let advanced = false;
    for (let k = e; k < firstEdge[i + 1]!; k += E) {
      top[1] = k + E;
      if (s.edges[k + eType!] === weak) continue;
      const j = s.edges[k + eTo!]! / N;
      if (order[j] === -1) {
        order[j] = -2;
        stack.push([j, firstEdge[j]!]);
        advanced = true;
        break;
      }
    }
    if (!advanced) {
      stack.pop();
      order[i] = post.length;
      post.push(i);
    }
  }
  const preds: number[][] = Array.from({ length: count }, () => []);
  for (const i of post) succ(i, (j) => preds[j]!.push(i));
  const dom = new Int32Array(count).fill(-1);
  dom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = dom[a]!;
      while (order[b]! < order[a]!) b = dom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = post.length - 1; k >= 0; k--) {
      const i = post[k]!;
      if (i === 0) continue;
      let d = -1;
      for (const p of preds[i]!) if (dom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== -1 && dom[i] !== d) {
        dom[i] = d;
        changed = true;
      }
    }
  }
  const retained = Float64Array.from(self);
  for (const i of post) if (i !== 0 && dom[i]! >= 0 && dom[i] !== i) retained[dom[i]!] = retained[dom[i]!]! + retained[i]!;
  let total = 0;
  for (let i = 0; i < count; i++) total += self[i]!;
  return { count, type, name, self, retained, total };
}

const label = (h: Heap, i: number) => (h.type[i] === 'object' || h.type[i] === 'closure' ? `${h.name[i]}` : `(${h.type[i]})${h.type[i] === 'string' ? '' : ` ${h.name[i]!.slice(0, 40)}`}`);

function byConstructor(h: Heap): Map<string, { n: number; size: number }> {
  const m = new Map<string, { n: number; size: number }>();
  for (let i = 0; i < h.count; i++) {
    const k = label(h, i);
    const v = m.get(k) ?? { n: 0, size: 0 };
    v.n++;
    v.size += h.self[i]!;
    m.set(k, v);
  }
  return m;
}

const mb = (b: number) => Math.round((b / 1048576) * 100) / 100;
const [fileA, fileB, topArg] = process.argv.slice(2);
if (!fileA) {
  process.stderr.write('usage: heap-summary <a.heapsnapshot> [b.heapsnapshot] [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? (fileB && !fileB.endsWith('.heapsnapshot') ? fileB : 25));
const a = load(fileA);
process.stdout.write(`${fileA}: ${a.count} objects, ${mb(a.total)} MB\n\nself size by constructor\n`);
const ca = byConstructor(a);
process.stdout.write(
  `${formatTable(['what', 'count', 'MB'], [...ca].sort((x, y) => y[1].size - x[1].size).slice(0, top).map(([what, v]) => ({ what: what.slice(0, 70), count: v.n, MB: mb(v.size) })))}\n\n`,
);
const big = Array.from({ length: a.count }, (_, i) => i)
  .filter((i) => a.type[i] !== 'synthetic' && a.type[i] !== 'hidden')
  .sort((x, y) => a.retained[y]! - a.retained[x]!)
  .slice(0, top);
process.stdout.write(`largest retained sizes\n${formatTable(['what', 'retained MB'], big.map((i) => ({ what: label(a, i).slice(0, 70), 'retained MB': mb(a.retained[i]!) })))}\n`);
if (fileB && fileB.endsWith('.heapsnapshot')) {
  const b = load(fileB);
  const cb = byConstructor(b);
  const diff = [...cb]
    .map(([k, v]) => ({ what: k.slice(0, 70), 'count +': v.n - (ca.get(k)?.n ?? 0), 'MB +': mb(v.size - (ca.get(k)?.size ?? 0)) }))
    .sort((x, y) => y['MB +'] - x['MB +'])
    .slice(0, top);
  process.stdout.write(`\n${fileB}: ${b.count} objects, ${mb(b.total)} MB (${mb(b.total - a.total)} MB more)\n\ngrowth by constructor\n${formatTable(['what', 'count +', 'MB +'], diff)}\n`);
}
