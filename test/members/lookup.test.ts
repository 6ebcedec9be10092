// Naming a member: a mention's identity, or a name on the roster — exact first, then a unique prefix.
import { describe, expect, it } from 'vitest';
import { resolveMember } from '../../src/members/lookup.js';
import { memoryDb } from '../helpers/db.js';
import { seed } from '../helpers/db.js';
import { person } from '../helpers/world.js';

describe('resolveMember', () => {
  const db = memoryDb();
  seed(db, { name: 'Jane Doe', identity: person('U0JANE', 'slack') });
  seed(db, { name: 'Jane Doe-Smith' });
  seed(db, { name: 'John Roe' });
  seed(db, { name: 'John Roe', status: 'departed' });
  seed(db, { name: 'Ann Lee' });
  seed(db, { name: 'Ann Leeds' });

  const name = (n: string) => resolveMember(db, { name: n, label: n });

  it('finds a mention by its platform identity, and says when the roster does not know it', () => {
    expect(resolveMember(db, { identity: 'slack:U0JANE', label: 'jane' })).toMatchObject({ ok: true, member: { name: 'Jane Doe' } });
    expect(resolveMember(db, { identity: 'teams:abc-123', label: 'Sam' })).toMatchObject({ ok: false, why: 'stranger', identity: { platform: 'teams', id: 'abc-123' } });
    expect(resolveMember(db, { identity: 'fax:123', label: 'x' })).toMatchObject({ ok: false, why: 'unreadable' });
  });

  it('matches names case-insensitively: exact first, then a unique prefix; prefers the current of two namesakes', () => {
    expect(name('jane doe')).toMatchObject({ ok: true, member: { name: 'Jane Doe' } });
    expect(name('JANE DOE-')).toMatchObject({ ok: true, member: { name: 'Jane Doe-Smith' } });
    expect(name('john roe')).toMatchObject({ ok: true, member: { name: 'John Roe', status: 'active' } });
    expect(name('ann')).toMatchObject({ ok: false, why: 'ambiguous', problem: expect.stringMatching(/matches 2 people/) });
    expect(name('ann lee')).toMatchObject({ ok: true, member: { name: 'Ann Lee' } });
    expect(name('nobody')).toMatchObject({ ok: false, why: 'unknown' });
  });
});
