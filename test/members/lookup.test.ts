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

describe('forgiving names (the issue’s examples)', () => {
  const db = memoryDb();
  seed(db, { name: 'Sheriff Tom Brandt' });
  seed(db, { name: 'Karen Wu' });
  seed(db, { name: 'José Álvarez' });
  seed(db, { name: 'Special Agent in Charge Dana Whitfield' });
  seed(db, { name: 'Chief Maria Ortiz' });
  seed(db, { name: 'Dr. Mark Ortiz' });
  seed(db, { name: 'Lt. Sam Park' });
  const name = (n: string) => resolveMember(db, { name: n, label: n });

  it('drops titles on either side: "Tom Brandt" is Sheriff Tom Brandt, "Sheriff Karen Wu" is Karen Wu', () => {
    expect(name('Tom Brandt')).toMatchObject({ ok: true, member: { name: 'Sheriff Tom Brandt' } });
    expect(name('sheriff tom brandt')).toMatchObject({ ok: true, member: { name: 'Sheriff Tom Brandt' } });
    expect(name('Sheriff Karen Wu')).toMatchObject({ ok: true, member: { name: 'Karen Wu' } });
    expect(name('Dana Whitfield')).toMatchObject({ ok: true, member: { name: 'Special Agent in Charge Dana Whitfield' } });
    expect(name('SAC Dana Whitfield')).toMatchObject({ ok: true, member: { name: 'Special Agent in Charge Dana Whitfield' } });
    expect(name('sam park')).toMatchObject({ ok: true, member: { name: 'Lt. Sam Park' } });
  });

  it('folds case and accents, and forgives one typo', () => {
    expect(name('jose alvarez')).toMatchObject({ ok: true, member: { name: 'José Álvarez' } });
    expect(name('KAREN WU')).toMatchObject({ ok: true, member: { name: 'Karen Wu' } });
    expect(name('Tom Brant')).toMatchObject({ ok: true, member: { name: 'Sheriff Tom Brandt' } });
    expect(name('Karen Wo')).toMatchObject({ ok: true, member: { name: 'Karen Wu' } });
    expect(name('Brandt')).toMatchObject({ ok: true, member: { name: 'Sheriff Tom Brandt' } });
  });

  it('several fits: did you mean, each in the form that works', () => {
    const both = name('Ortiz');
    expect(both).toMatchObject({ ok: false, why: 'ambiguous' });
    expect(both.ok ? '' : both.problem).toContain('Did you mean @"Chief Maria Ortiz" or @"Dr. Mark Ortiz"?');
  });

  it('nobody fits: the refusal shows the form that works', () => {
    const none = name('Nobody Here');
    expect(none).toMatchObject({ ok: false, why: 'unknown' });
    expect(none.ok ? '' : none.problem).toContain('@"Full Name"');
  });

  it('@me is the caller', () => {
    const me = seed(db, { name: 'Maya Chen' });
    expect(resolveMember(db, { name: 'me', label: 'me' }, me)).toMatchObject({ ok: true, member: { name: 'Maya Chen' } });
  });
});
