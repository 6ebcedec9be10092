// The checklist templates as data, written in this project's own words after the source documents
// (../shared/seeds/): MCCA's key ingredients and self-assessment (2019), BENS's five critical elements (2017).
// Item keys are stored with every mark: never renumber or reuse one; add new keys instead.

export const TEMPLATE_KEYS = ['ingredients', 'business-case', 'self-assessment'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface ChecklistItem {
  /** Stable id stored with marks, e.g. `exec.1`. */
  key: string;
  text: string;
}

export interface ChecklistGroup {
  key: string;
  title: string;
  /** A word or two for compact lines (history). */
  short: string;
  items: ChecklistItem[];
}

export interface Template {
  key: TemplateKey;
  /** How the review is named in cards and replies. */
  title: string;
  /** marks: each item marked in place / partly / not yet / n.a.; answers: free text per step, no score. */
  kind: 'marks' | 'answers';
  /** The source, credited on every card. */
  credit: string;
  /** What a group is called: ingredient, element, step. */
  groupNoun: string;
  groups: ChecklistGroup[];
}

const MCCA = 'MCCA, Public/Private Partnership Project, 2019';
const BENS = 'BENS, Beyond Flash Points, 2017';

const group = (key: string, title: string, short: string, texts: string[]): ChecklistGroup => ({
  key,
  title,
  short,
  items: texts.map((text, i) => ({ key: `${key}.${i + 1}`, text })),
});

const INGREDIENTS: Template = {
  key: 'ingredients',
  title: 'Key ingredients review',
  kind: 'marks',
  groupNoun: 'ingredient',
  credit: `The six key ingredients of an executive partnership, after ${MCCA}`,
  groups: [
    group('exec', 'Executive buy-in and participation', 'Buy-in', [
      'Do the chief and the corporate security chiefs treat their peer relationship as a priority?',
      'Are the decision makers themselves driving the partnership, rather than delegating it?',
      "Can the chief's command staff tell strategic corporate contacts apart from day-to-day tactical ones?",
      'Does the chief convene and chair the group?',
    ]),
    group('members', 'Membership composition', 'Membership', [
      'Is it clear who sits at the table, why, and how each was first brought in (including companies sending several people)?',
      'Are there written criteria for who may join?',
      'Is there an agreed way to bring in new members?',
      'Has the group agreed how large it can grow before it stops working well?',
      'Is there an executive board, working group or subcommittees to steer the work?',
    ]),
    group('goals', 'Shared goals', 'Goals', [
      'Does the group have a mission statement, or know how it would write one?',
      "Did members learn one another's priorities before settling on shared goals?",
      'Are the shared goals set down in a document the members agreed?',
      'Does the group use its work together to spot new chances to collaborate or support each other?',
      'Does it look for common ground both locally and beyond the jurisdiction?',
    ]),
    group('cadence', 'Cadence', 'Cadence', [
      'Is there a regular meeting rhythm that keeps members engaged without wearing them out?',
      'Do meetings follow a set structure?',
      'Is it clear how agendas are drawn up, and by whom?',
      'Are there agreed ways to decide things, such as votes or an order of business?',
      'Is someone assigned to staff the partnership, and is that role funded?',
    ]),
    group('resiliency', 'Resiliency', 'Resiliency', [
      'Do contacts and relationships survive when people change jobs or retire?',
      'When new leaders arrive, does the partnership stay a priority for them?',
      'Is there enough staff support to keep the agenda moving?',
    ]),
    group('longevity', 'Longevity', 'Longevity', [
      'Are roles, responsibilities and expectations written down?',
      'Has the group defined how it will measure success, in numbers and in outcomes?',
      'Could the partnership carry on without depending on one person or sponsor?',
    ]),
  ],
};

const BUSINESS_CASE: Template = {
  key: 'business-case',
  title: 'Business case review',
  kind: 'marks',
  groupNoun: 'element',
  credit: `Five critical elements of a lasting partnership, after ${BENS}`,
  groups: [
    group('value', 'Delivering value (the what)', 'Value', [
      'Did the partners agree early what problem the partnership exists to solve, and what each side gets from it?',
      'Is that shared idea of value revisited from time to time and adjusted when needed?',
      'Can a company point to a concrete return for taking part, such as recognition, lower risk or better information?',
    ]),
    group('targets', 'Prioritizing targets (the who)', 'Targets', [
      'Is there a stated plan for whom to recruit: broad outreach, chosen sectors, or both?',
      'Are gaps in coverage or missing skills used to choose whom to approach next?',
      'Have likely early joiners, companies that already value security and resilience, been named?',
    ]),
    group('pitch', 'Refining the pitch (the why)', 'Pitch', [
      "Is there a short, consistent pitch that speaks to a company's business interests: costs, reputation, liability, recovery?",
      'Is joining simple, with a short sign-up and a clear ask rather than a long formal agreement?',
      "Does each side understand the other's limits of resources, law and policy?",
    ]),
    group('onboarding', 'An on-boarding process (the how)', 'On-boarding', [
      'Does a new partner go through an on-boarding step where their questions get answered?',
      'Do new partners say what they can offer, from a menu of capabilities?',
      'Is it explained at on-boarding how shared information will be protected?',
    ]),
    group('relationship', 'Managing the relationship (the way)', 'Relationship', [
      'Is what the partnership shares timely, actionable and suited to what partners need?',
      'Is there a feedback loop, such as small working groups or surveys, to adjust what is shared?',
      'Is the person managing the relationship supported, so the partnership does not hinge on their next career move?',
    ]),
  ],
};

const SELF_ASSESSMENT: Template = {
  key: 'self-assessment',
  title: 'Self-assessment',
  kind: 'answers',
  groupNoun: 'step',
  credit: `Five steps to take stock before building or growing a partnership, after ${MCCA}`,
  groups: [
    group('internal', 'Step 1: Internal inventory', 'Step 1', [
      'List the ways your agency works with the private sector today. Which are strategic (chief to CSO, decision makers) and which are tactical (district or program level)?',
    ]),
    group('external', 'Step 2: External inventory', 'Step 2', [
      'Which companies have their headquarters, or a large presence, in the jurisdiction? How do your people deal with them now?',
    ]),
    group('executive', 'Step 3: Executive-level interactions', 'Step 3', [
      'Does the chief know the leaders of the companies from step 2 directly? How often do they talk, and about what?',
    ]),
    group('incidents', 'Step 4: Past incidents', 'Step 4', [
      'Which past incidents would have gone better with executive-level private-sector contacts already in place?',
    ]),
    group('future', 'Step 5: Future opportunities', 'Step 5', [
      'Where could talking, planning and preparing with private partners now make a future critical incident less severe?',
    ]),
  ],
};

export const TEMPLATES: Record<TemplateKey, Template> = {
  ingredients: INGREDIENTS,
  'business-case': BUSINESS_CASE,
  'self-assessment': SELF_ASSESSMENT,
};

export function templateOf(key: string): Template | undefined {
  // Own keys only: a word typed by a user must not find `constructor` on the prototype.
  return Object.hasOwn(TEMPLATES, key) ? TEMPLATES[key as TemplateKey] : undefined;
}

/** Every item of a template with its display number (1…n across groups) and its group. */
export function itemsOf(template: Template): { item: ChecklistItem; group: ChecklistGroup; n: number }[] {
  let n = 0;
  return template.groups.flatMap((group) => group.items.map((item) => ({ item, group, n: ++n })));
}

export function findItem(template: Template, key: string): { item: ChecklistItem; group: ChecklistGroup; n: number } | undefined {
  return itemsOf(template).find((entry) => entry.item.key === key);
}

// ---- Marks ----

export const MARKS = ['in', 'partly', 'not-yet', 'na'] as const;
export type Mark = (typeof MARKS)[number];

export const MARK_LABEL: Record<Mark, string> = { in: 'in place', partly: 'partly', 'not-yet': 'not yet', na: 'n.a.' };

/** in place 1, partly 0.5, not yet 0; n.a. does not count towards a score. */
export const MARK_SCORE: Record<Mark, number | undefined> = { in: 1, partly: 0.5, 'not-yet': 0, na: undefined };

export const isMark = (value: string): value is Mark => (MARKS as readonly string[]).includes(value);
