// The Slack DM channels the bot has opened, kept in SQLite (dm_channels): conversations.open is asked
// once per person, not once per message, so an alert to a thousand members costs a thousand posts.
// @see https://docs.slack.dev/reference/methods/conversations.open
import type Database from 'better-sqlite3';
import type { Db } from '../../db/client.js';

interface Statements {
  find: Database.Statement<[string], { channel: string }>;
  remember: Database.Statement<[string, string, number]>;
  forget: Database.Statement<[string, string]>;
}

const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db.$client);
  if (!s) {
    s = {
      find: db.$client.prepare('SELECT channel FROM dm_channels WHERE identity = ?'),
      remember: db.$client.prepare(
        'INSERT INTO dm_channels (identity, channel, opened_at) VALUES (?, ?, ?) ON CONFLICT(identity) DO UPDATE SET channel = excluded.channel, opened_at = excluded.opened_at',
      ),
      forget: db.$client.prepare('DELETE FROM dm_channels WHERE identity = ? AND channel = ?'),
    };
    cache.set(db.$client, s);
  }
  return s;
}

export class DmChannels {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** The DM channel opened earlier with this person (`slack:U…`), if any. */
  find(identity: string): string | undefined {
    return statements(this.db).find.get(identity)?.channel;
  }

  remember(identity: string, channel: string): void {
    statements(this.db).remember.run(identity, channel, this.clock().getTime());
  }

  /** Slack no longer knows the channel: the next message opens it again. */
  forget(identity: string, channel: string): void {
    statements(this.db).forget.run(identity, channel);
  }
}
