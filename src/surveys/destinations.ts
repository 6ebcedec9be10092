// Where results go besides the coordinators: a vetted conversation a survey names by its address or
// its name (#security-chiefs). One that is not vetted, or no longer, gets nothing.
import type { Db } from '../../db/client.js';
import { describeChannel, vettedConversations, type ChannelRow } from '../channels/store.js';

const bare = (name: string) => name.trim().replace(/^#/, '').toLowerCase();

export function resultsConversation(db: Db, resultsTo: string | null | undefined): ChannelRow | undefined {
  if (!resultsTo) return undefined;
  const wanted = bare(resultsTo);
  return vettedConversations(db).find((c) => c.address === resultsTo.trim() || (c.name !== null && bare(c.name) === wanted));
}

/** "the coordinators, and Slack #security-chiefs", or why the named conversation is left out. */
export function describeResultsTo(db: Db, resultsTo: string | null | undefined): string {
  if (!resultsTo) return 'the coordinators, by direct message';
  const found = resultsConversation(db, resultsTo);
  return found
    ? `the coordinators, by direct message, and ${describeChannel(found)}`
    : `the coordinators, by direct message (“${resultsTo.slice(0, 80)}” is not a vetted conversation, so it gets nothing; \`channels\` lists them)`;
}
