// The one-line alert as people type it in a hurry: severity and label in either order, the title, and
// details after ` -- `; named members only for RED; every mistake answered with what to type instead.
import { describe, expect, it } from 'vitest';
import { composeLine } from '../../src/commands/line.js';
import { parseAlertLine } from '../../src/alerts/parse.js';
import { parseTlp, whatKindReceives } from '../../src/alerts/tlp.js';

const parse = (line: string) => parseAlertLine(line, '/ppp ');

describe('the one-line alert', () => {
  it('reads severity, label, title and details', () => {
    expect(parse('urgent amber Suspicious package at 5th & Main -- units on scene')).toEqual({
      ok: true,
      alert: { severity: 'urgent', tlp: 'AMBER', title: 'Suspicious package at 5th & Main', details: 'units on scene', named: [] },
    });
    expect(parse('AMBER+STRICT critical Shots fired — downtown')).toMatchObject({ ok: true, alert: { severity: 'critical', tlp: 'AMBER+STRICT', title: 'Shots fired — downtown', details: null } });
    expect(parse('info tlp:clear Road works on 9th')).toMatchObject({ ok: true, alert: { tlp: 'CLEAR' } });
    // A title keeps what looks like markup: it is text, shown as typed on every platform.
    expect(parse('info green <!channel> [x](https://e) *bold*')).toMatchObject({ ok: true, alert: { title: '<!channel> [x](https://e) *bold*' } });
  });

  it('takes named members for RED, from mentions the platform encoded or typed names', () => {
    const line = composeLine(['urgent red ', { mention: { platform: 'slack', id: 'U0DANA1' }, label: 'dana' }, ' @"Tom Brandt" Informant compromised -- call me']);
    expect(parse(line)).toEqual({
      ok: true,
      alert: { severity: 'urgent', tlp: 'RED', title: 'Informant compromised', details: 'call me', named: [{ identity: 'slack:U0DANA1', label: 'dana' }, { name: 'Tom Brandt', label: 'Tom Brandt' }] },
    });
  });

  it.each([
    ['amber Suspicious package', 'Start with the severity — info, advisory, urgent, critical'],
    ['urgent Suspicious package', 'Give the TLP label after the severity'],
    ['urgent amber', 'The alert needs a title'],
    ['urgent amber -- only details', 'The alert needs a title'],
    [`urgent amber ${'x'.repeat(151)}`, 'The title is 151 characters; keep it to 150'],
    ['urgent red Nobody named', 'TLP:RED goes only by direct message to the members you name'],
    ['urgent amber @"Dana Holt" Named but amber', 'Only a TLP:RED alert names its recipients'],
  ])('refuses %j with what to type', (line, problem) => {
    const parsed = parse(line);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });

  it('reads labels as people type them, and tells channel vetting what each kind receives', () => {
    expect(['amber-strict', 'Amber+Strict', 'strict', 'TLP:RED', 'white', 'purple'].map(parseTlp)).toEqual(['AMBER+STRICT', 'AMBER+STRICT', 'AMBER+STRICT', 'RED', 'CLEAR', undefined]);
    expect(whatKindReceives('general')).toBe('announcements, and incident alerts marked TLP:CLEAR or TLP:GREEN (TLP:RED goes only by direct message to named members)');
  });
});
