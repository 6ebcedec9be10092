// The Traffic Light Protocol, as this partnership applies it: the labels, where each may be sent, and
// the one-line sharing rule every copy carries. Written in the project's own words after FIRST's TLP 2.0.
// @see https://www.first.org/tlp/ (Traffic Light Protocol version 2.0, FIRST, 2022)

export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

/** The kinds of vetted conversation (src/channels/) an alert may be posted to. */
export const CONVERSATION_KINDS = ['executive', 'general'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export interface TlpRule {
  label: TlpLabel;
  /** The vetted conversation kinds it may be posted to; none for RED, which goes by direct message only. */
  conversations: readonly ConversationKind[];
  /** Only to the members the sender names, by direct message. */
  namedOnly: boolean;
  /** Who the recipients may share it with, in one line. */
  sharing: string;
}

export const TLP: Record<TlpLabel, TlpRule> = {
  CLEAR: {
    label: 'CLEAR',
    conversations: ['executive', 'general'],
    namedOnly: false,
    sharing: 'no limit on sharing: pass it on to anyone.',
  },
  GREEN: {
    label: 'GREEN',
    conversations: ['executive', 'general'],
    namedOnly: false,
    sharing: 'share within the partnership and with peers in your community, never in public channels or on the internet.',
  },
  AMBER: {
    label: 'AMBER',
    conversations: ['executive'],
    namedOnly: false,
    sharing: 'share only inside your own organization and with its clients, and only with those who need to know.',
  },
  'AMBER+STRICT': {
    label: 'AMBER+STRICT',
    conversations: ['executive'],
    namedOnly: false,
    sharing: 'share only inside your own organization, with those who need to know; not with clients.',
  },
  RED: {
    label: 'RED',
    conversations: [],
    namedOnly: true,
    sharing: 'for you alone: do not pass it on, inside or outside your organization.',
  },
};

/** `TLP:AMBER+STRICT`, as every copy shows it. */
export function tlpName(label: TlpLabel): string {
  return `TLP:${label}`;
}

/** The label and its sharing rule in one line, as every copy carries it. */
export function tlpLine(label: TlpLabel): string {
  const rule = TLP[label].sharing;
  return `${tlpName(label)} — ${rule.charAt(0).toUpperCase()}${rule.slice(1)}`;
}

/** Reads a label as people type it: `amber`, `TLP:AMBER`, `amber+strict`, `amber-strict`, `strict`. */
export function parseTlp(word: string): TlpLabel | undefined {
  const w = word.trim().toUpperCase().replace(/^TLP:/, '').replace(/[\s_-]/g, '+');
  if (w === 'AMBERSTRICT' || w === 'STRICT' || w === 'AMBER+STRICT') return 'AMBER+STRICT';
  if (w === 'WHITE') return 'CLEAR'; // TLP 1.0's name for CLEAR, still in people's habits
  return (TLP_LABELS as readonly string[]).includes(w) ? (w as TlpLabel) : undefined;
}

/** The labels a vetted conversation of this kind receives, for the vetting notice and help. */
export function labelsFor(kind: ConversationKind): TlpLabel[] {
  return TLP_LABELS.filter((label) => TLP[label].conversations.includes(kind));
}

/** What a vetted conversation of this kind receives, in one phrase (channel vetting's notice and help). */
export function whatKindReceives(kind: ConversationKind): string {
  const labels = labelsFor(kind).map(tlpName);
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? 'no');
  return `announcements, and incident alerts marked ${list} (${tlpName('RED')} goes only by direct message to named members)`;
}

/** The highest label a kind receives, for a one-line summary: "up to TLP:AMBER+STRICT". */
export function upTo(kind: ConversationKind): string {
  const labels = labelsFor(kind);
  return labels.length > 0 ? `up to ${tlpName(labels.at(-1)!)}` : 'no alerts';
}

/** Where each label may go, in one sentence from the table (the alert form's hint and `alert` help). */
export function routingInWords(): string {
  const groups: { labels: TlpLabel[]; rule: TlpRule }[] = [];
  for (const label of TLP_LABELS) {
    const rule = TLP[label];
    const same = groups.find((g) => g.rule.namedOnly === rule.namedOnly && g.rule.conversations.join() === rule.conversations.join());
    if (same) same.labels.push(label);
    else groups.push({ labels: [label], rule });
  }
  const where = (rule: TlpRule): string =>
    rule.namedOnly ? 'only by direct message to the members you name' : rule.conversations.length === CONVERSATION_KINDS.length ? 'to every vetted conversation' : `to vetted ${rule.conversations.join(' and ')} ones only`;
  return groups
    .map((g, i) => {
      const names = g.labels.length > 1 ? `${g.labels.slice(0, -1).join(', ')} and ${g.labels.at(-1)}` : g.labels[0]!;
      const verb = i === 0 ? (g.labels.length > 1 ? ' go ' : ' goes ') : ' ';
      return `${names}${verb}${where(g.rule)}`;
    })
    .join(', ');
}
