// The order a batch's chunks are queued in: workers take them in that order, so a batch to Slack and
// Teams must not spend every worker on one platform while the other's executives wait for all of it.
import { describe, expect, it } from 'vitest';
import { chunksOf, type ChunkRow } from '../../jobs/queues.js';

const rows = (platform: string, batch: string, from: number, n: number): ChunkRow[] =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, batch, platform }));

const platformOf = (jobId: string) => jobId.split('-')[1];

describe('chunk order', () => {
  it('alternates platforms, so a batch starts on Slack and Teams at once', () => {
    // As the ledger writes a batch: one platform's rows first, then the other's.
    const chunks = chunksOf([...rows('slack', 'b1', 1, 100), ...rows('teams', 'b1', 101, 60)], 25);
    expect(chunks.map((c) => platformOf(c.jobId))).toEqual(['slack', 'teams', 'slack', 'teams', 'slack', 'teams', 'slack']);
  });

  it('keeps each platform’s chunks in batch and id order, and every row exactly once', () => {
    const input = [...rows('teams', 'b1', 1, 30), ...rows('slack', 'b1', 31, 30), ...rows('teams', 'b2', 61, 30)];
    const chunks = chunksOf(input, 25);
    const teams = chunks.filter((c) => platformOf(c.jobId) === 'teams').flatMap((c) => c.ids);
    const slack = chunks.filter((c) => platformOf(c.jobId) === 'slack').flatMap((c) => c.ids);
    expect(teams).toEqual([...rows('teams', 'b1', 1, 30), ...rows('teams', 'b2', 61, 30)].map((r) => r.id));
    expect(slack).toEqual(rows('slack', 'b1', 31, 30).map((r) => r.id));
    expect(chunks.flatMap((c) => c.ids).sort((a, b) => a - b)).toEqual(input.map((r) => r.id));
    expect(chunks.every((c) => c.ids.length <= 25)).toBe(true);
  });
});
