// The survey file: what `survey import` accepts, every problem named by its question and field, the
// shipped templates valid, and export-definition → import giving the same survey back.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { definitionToYaml, readDefinition } from '../../src/surveys/definition.js';
import { parseDefinitionText } from '../../src/surveys/import-command.js';
import { TEMPLATES } from '../../src/surveys/templates.js';

describe('survey import: checking a file', () => {
  it('accepts a YAML file with defaults filled in', () => {
    const parsed = parseDefinitionText('title: Cadence check\nquestions:\n  - ask: How often should we meet?\n    kind: single\n    choices: [Monthly, Quarterly]\n');
    expect(parsed).toEqual({
      ok: true,
      definition: {
        title: 'Cadence check',
        intro: '',
        anonymous: true,
        audience: { kind: 'all' },
        closesAfterMs: 7 * 86_400_000,
        reminders: ['halfway', '24h'],
        repeat: 'none',
        questions: [{ kind: 'single', text: 'How often should we meet?', required: true, choices: ['Monthly', 'Quarterly'] }],
      },
    });
  });

  it('accepts the same survey as JSON', () => {
    const parsed = parseDefinitionText(JSON.stringify({ title: 'T', audience: { categories: ['law-enforcement'] }, anonymous: false, questions: [{ ask: 'Q', kind: 'text', required: false }] }));
    expect(parsed.ok && parsed.definition).toMatchObject({ anonymous: false, audience: { kind: 'categories', values: ['law-enforcement'] }, questions: [{ kind: 'text', text: 'Q', required: false }] });
  });

  it('names the question and the field of every problem', () => {
    const parsed = parseDefinitionText(`title: ""
closes_after: 3 weeks
reminders: [halfway, soon]
audience: everyone
repeat: weekly
colour: blue
questions:
  - ask: How timely was the information?
    kind: scale
    low: Too late
  - ask: Which products help?
    kind: multiple
    choices: [Alerts]
  - ask: ""
    kind: essay
  - ask: What else?
    kind: text
    choices: [a, b]
`);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      'field title: must not be empty',
      'field audience: audience must be all, board, {organization_kinds: [local-agency, federal-agency, corporation, critical-infrastructure, security-supplier]}, {categories: [law-enforcement, security-practitioner, security-supplier, critical-infrastructure]} or {event: <id>}',
      'field closes_after: how long it stays open, written like 7d, 48h or 90m (between 1h and 90d)',
      'field reminders (item 2): a time before the close, written like 7d, 48h or 90m (between 1h and 30d)',
      'field repeat: repeat must be none, monthly or quarterly',
      'question 1 (“How timely was the information?”), field high: is missing',
      'question 2 (“Which products help?”), field choices: at least 2 choices',
      'question 3, field kind: kind must be one of single, multiple, scale, text',
      'question 4 (“What else?”), field choices: not a field here',
      'field colour: not a field here',
    ]);
  });

  it('refuses more than 10 questions, more than 10 choices, and an answer text longer than a Slack option', () => {
    const many = { title: 'T', questions: Array.from({ length: 11 }, (_, i) => ({ ask: `Q${i}`, kind: 'text' })) };
    expect(readDefinition(many)).toEqual({ ok: false, problems: ['field questions: at most 10 questions'] });
    const choices = { title: 'T', questions: [{ ask: 'Q', kind: 'single', choices: Array.from({ length: 11 }, (_, i) => `c${i}`) }] };
    expect(readDefinition(choices)).toEqual({ ok: false, problems: ['question 1 (“Q”), field choices: at most 10 choices'] });
    const long = { title: 'T', questions: [{ ask: 'Q', kind: 'single', choices: ['x'.repeat(76), 'y'] }] };
    expect(readDefinition(long)).toEqual({ ok: false, problems: ['question 1 (“Q”), field choices (item 1): at most 75 characters'] });
  });

  it('says plainly when the text is not YAML at all, or not one survey', () => {
    expect(parseDefinitionText('title: [unclosed')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^the file is not readable YAML or JSON: /)] });
    expect(parseDefinitionText('- a\n- b')).toEqual({ ok: false, problems: ['the file must hold one survey: title, questions and the rest as `key: value` lines'] });
  });
});

describe('templates and export-definition', () => {
  it('ship three templates — the quarterly pulse among them, repeating — each a valid definition', () => {
    expect(TEMPLATES.map((t) => t.key)).toEqual(['pulse', 'post-summit', 'information-needs']);
    expect(TEMPLATES.find((t) => t.key === 'pulse')!.definition).toMatchObject({ repeat: 'quarterly', anonymous: true });
    for (const t of TEMPLATES) expect(t.source).toMatch(/MCCA|BENS/);
  });

  it('export-definition writes a file that imports as the same survey', () => {
    for (const t of TEMPLATES) {
      const yaml = definitionToYaml(t.definition, `${t.name}\n${t.source}`);
      expect(yaml.startsWith(`# ${t.name}\n`)).toBe(true);
      expect(parseDefinitionText(yaml)).toEqual({ ok: true, definition: t.definition });
    }
    const custom = { ...TEMPLATES[0]!.definition, audience: { kind: 'organization-kinds' as const, values: ['corporation'] }, resultsTo: '#security-chiefs', closesAfterMs: 36 * 3_600_000 };
    const yaml = definitionToYaml(custom, 'x');
    expect(parse(yaml)).toMatchObject({ audience: { organization_kinds: ['corporation'] }, results_to: '#security-chiefs', closes_after: '36h' });
    expect(parseDefinitionText(yaml)).toEqual({ ok: true, definition: custom });
  });
});
