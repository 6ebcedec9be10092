// The roster's cards: a join request or nomination as coordinators receive it (Vet / Decline), and the
// outcomes members are told by DM. Action ids are shared with the handlers in vetting-actions.ts.
import { bold, context, literal, mention, message, text, type Card, type Rich } from '../../cards/card.js';
import { formatDate } from '../../core/dates.js';
import { PLATFORM_NAME } from '../../core/platform-names.js';
import type { MemberRow } from '../../members/model.js';
import type { AccountView } from './account.js';
import { VETTING_MONTHS } from '../../members/model.js';
import { categoryLabel } from '../../members/listing.js';
import type { OrganizationRow } from '../../members/organizations.js';

export const ROSTER_VET = 'roster.vet';
export const ROSTER_DECLINE = 'roster.decline';

/**
 * A join request or nomination as coordinators receive it. Whom they would vet is named as the platform
 * shows the account — on Slack a real mention, on Teams the name Teams gives — with the profile email.
 */
export function requestCard(
  partnership: string,
  member: MemberRow,
  org: OrganizationRow | undefined,
  how: { kind: 'join'; account: AccountView } | { kind: 'nominate'; by: string; account?: AccountView },
): Card {
  const { account } = how;
  const platform = account ? PLATFORM_NAME[account.identity.platform] : undefined;
  const accountValue: Rich = account ? [mention(account.identity, account.name), ` on ${platform}`] : 'not on Slack or Teams yet';
  const emailValue: Rich = account?.profileEmail
    ? [literal(account.profileEmail), ` (${platform} profile)`]
    : member.email
      ? [literal(member.email), how.kind === 'nominate' && !account ? ' (given in the nomination)' : ' (on the roster)']
      : 'not known';
  const intro =
    how.kind === 'join'
      ? [bold(member.name), ` asks to join ${partnership}.`]
      : [bold(how.by), ' nominates ', bold(member.name), ` for ${partnership}.`];
  return {
    header: how.kind === 'join' ? 'Request to join' : 'Nomination',
    elements: [
      text(intro),
      {
        type: 'fields',
        fields: [
          { label: 'Name', value: literal(member.name) },
          { label: 'Title', value: member.title ? literal(member.title) : 'not given' },
          { label: 'Organization', value: org?.name ? literal(org.name) : 'not given' },
          { label: 'Category', value: categoryLabel(member.category) ?? 'not given' },
          { label: 'Account', value: accountValue },
          { label: 'Email', value: emailValue },
        ],
      },
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ROSTER_VET, label: 'Vet', value: String(member.id), style: 'primary' },
          { type: 'button', actionId: ROSTER_DECLINE, label: 'Decline', value: String(member.id), style: 'danger' },
        ],
      },
      context(`Vet makes them an active member for ${VETTING_MONTHS} months. Decline removes the request; they may ask again.`),
    ],
    fallback: how.kind === 'join' ? `${member.name} asks to join ${partnership}` : `${how.by} nominates ${member.name} for ${partnership}`,
  };
}

export function vettedCard(partnership: string, member: MemberRow, renewed: boolean, zone: string, prefix: string): Card {
  const until = member.vettingExpiresAt ? formatDate(member.vettingExpiresAt, zone) : 'further notice';
  return {
    header: renewed ? 'Vetting renewed' : `Welcome to ${partnership}`,
    elements: [
      text(
        renewed
          ? `Your vetting as a member of ${partnership} has been renewed until ${until}.`
          : `You are now a vetted member of ${partnership}, until ${until}. Send \`${prefix}profile\` to add your 24/7 contact, an alternate and what your organization can offer in a crisis; \`${prefix}help\` shows everything you can do.`,
      ),
    ],
  };
}

export function declinedCard(partnership: string, forWhom: 'requester' | 'nominator', name: string, prefix: string): Card {
  return {
    elements: [
      text(
        forWhom === 'requester'
          ? `Your request to join ${partnership} was not accepted this time. If you think that is a mistake, speak to a coordinator; you may ask again with \`${prefix}join\`.`
          : `Your nomination of ${name} to ${partnership} was declined by a coordinator or board member.`,
      ),
    ],
  };
}

export function suspendedCard(partnership: string, reason: string | null): Card {
  return message(`Your membership of ${partnership} is suspended${reason ? ` (${reason})` : ''}. Until a coordinator restores it you cannot use the roster, alerts or reviews. Speak to a coordinator if this is unexpected.`);
}

export function alternateLostCard(partnership: string, departedName: string, prefix: string): Card {
  return message(`${departedName}, your alternate in ${partnership}, has left the partnership. Send \`${prefix}profile\` to choose another alternate, so someone can stand in for you in a crisis.`);
}
