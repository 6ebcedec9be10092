// `checklist history [template]`: every review of a template with its dates, participants and scores,
// newest first and paged, under the trend per group against the earlier reviews, as text bars.
import { bold, code, context, pageOf, text, type Card, type CardElement, type ListItem } from '../cards/card.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { formatDate } from '../core/dates.js';
import { marksOf, reviewsOf, type Review } from './store.js';
import { bar, percent, tallyReview, type ReviewTally } from './tally.js';
import { TEMPLATE_ARG, TEMPLATE_USAGE } from './resolve.js';
import { TEMPLATES, type Template } from './templates.js';

const HISTORY_PAGE = 10;
/** How many past scores the trend line shows. */
const TREND_POINTS = 4;

function when(review: Review, timezone: string): string {
  const opened = formatDate(review.openedAt, timezone);
  if (review.status === 'open') return `since ${opened} (open)`;
  const closed = formatDate(review.closedAt ?? review.openedAt, timezone);
  return closed === opened ? opened : `${opened} – ${closed}`;
}

/** Per group: the latest score as a bar, the change since the review before, and the last few scores. */
function trend(template: Template, oldestFirst: { review: Review; tally: ReviewTally }[]): CardElement {
  const lines = template.groups.map((group) => {
    const series = oldestFirst
      .map(({ review, tally }) => ({ review, score: tally.groups.find((g) => g.group.key === group.key)?.score }))
      .filter((p): p is { review: Review; score: number } => p.score !== undefined);
    const last = series[series.length - 1];
    if (!last) return `\n${group.title}: not scored yet`;
    const before = series[series.length - 2];
    const delta = before ? Math.round(last.score * 100) - Math.round(before.score * 100) : undefined;
    const change =
      delta === undefined ? 'first scored review' : delta === 0 ? `no change since #${before!.review.id}` : `${delta > 0 ? '▲ up' : '▼ down'} ${Math.abs(delta)} point${Math.abs(delta) === 1 ? '' : 's'} since #${before!.review.id}`;
    const path = series.length > 1 ? ` (${series.slice(-TREND_POINTS).map((p) => Math.round(p.score * 100)).join(' → ')})` : '';
    return `\n${group.title}: ${bar(last.score)} ${percent(last.score)}, ${change}${path}`;
  });
  return text([bold(`Trend per ${template.groupNoun}: the latest review, and the change since the one before`), ...lines]);
}

function item(template: Template, review: Review, tally: ReviewTally, timezone: string): ListItem {
  const people = `${tally.participants} member${tally.participants === 1 ? '' : 's'}`;
  if (template.kind === 'answers') {
    return {
      title: [bold(`#${review.id}`), ` · ${when(review, timezone)} · ${people}`],
      detail: `answers: ${tally.groups.map((g) => `${g.group.short} ${g.items.reduce((n, t) => n + t.notes.length, 0)}`).join(' · ')}`,
    };
  }
  return {
    title: [bold(`#${review.id}`), ` · ${when(review, timezone)} · ${people} · overall ${percent(tally.overall)}`],
    detail: tally.groups.map((g) => `${g.group.short} ${g.scored > 0 ? percent(g.score) : '–'}`).join(' · '),
  };
}

export function historyCard(template: Template, reviews: Review[], tallies: Map<number, ReviewTally>, page: number, timezone: string, prefix: string): Card {
  const all = reviews.map((r) => item(template, r, tallies.get(r.id)!, timezone));
  const shown = pageOf(all, page, HISTORY_PAGE);
  const elements: CardElement[] = [context(`${template.credit}.`)];
  if (template.kind === 'marks' && reviews.length > 0 && shown.page === 1) {
    elements.push(trend(template, [...reviews].reverse().map((review) => ({ review, tally: tallies.get(review.id)! }))));
  }
  elements.push({
    type: 'list',
    list: { ...shown, pageSize: HISTORY_PAGE, command: `checklist history ${template.key}`, empty: `No ${template.title.toLowerCase()} yet.` },
  });
  elements.push(
    context(
      template.kind === 'marks'
        ? ['Scores are the mean of the members\u2019 marks (in place 1, partly 0.5, not yet 0); each bar cell is 10%. ', code(`${prefix}checklist ${template.key}`), ' starts a new review.']
        : ['The self-assessment has no score: the numbers are answers per step. ', code(`${prefix}checklist self-assessment`), ' starts a new one.'],
    ),
  );
  return { header: `History: ${template.title}`, elements };
}

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'member'>): Promise<void> {
  const { services, turn } = ctx;
  const template = TEMPLATES[ctx.args.template ?? 'ingredients'];
  const reviews = reviewsOf(services.db, template.key);
  const tallies = new Map(reviews.map((r) => [r.id, tallyReview(template, marksOf(services.db, r.id))]));
  await ctx.respond.replyPrivately(historyCard(template, reviews, tallies, ctx.page, services.config.timezone, turn.prefix));
}

export function registerChecklistHistory(registry: Registry): void {
  registry.command({
    name: 'checklist history',
    permission: 'member',
    usage: TEMPLATE_USAGE,
    summary: 'Every past review of a template with dates, participants and scores, and the trend per ingredient.',
    details:
      'Newest first, ten to a page. For the key ingredients and the business case, a text bar per group shows the latest score and its change since the review before (the last few scores after it).',
    args: TEMPLATE_ARG,
    handler,
  });
}
