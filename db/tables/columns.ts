// Column helpers shared by every table: times as epoch milliseconds (exact ordering and leases), booleans as 0/1.
import { integer } from 'drizzle-orm/sqlite-core';

export const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });
export const bool = (name: string) => integer(name, { mode: 'boolean' });
