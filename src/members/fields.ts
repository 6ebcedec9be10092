// A member record's fields as people call them, for anything that says which fields changed (the edit
// replies, the audit). Bookkeeping columns (timestamps, who vetted, flags) have no label and are not shown.

const LABEL: Record<string, string> = {
  name: 'name',
  title: 'title',
  organizationId: 'organization',
  organization: 'organization',
  'organization.kind': 'kind of organization',
  'organization.sector': 'sector',
  'organization.headquarteredInJurisdiction': 'whether the organization is headquartered here',
  category: 'category',
  executiveLevel: 'executive level',
  tier: 'tier',
  status: 'status',
  email: 'email',
  contact247: '24/7 contact',
  timezone: 'time zone',
  capabilities: 'what they can offer',
  alternateMemberId: 'alternate',
  alternateName: 'alternate’s name',
  alternatePhone: 'alternate’s phone',
  alternateEmail: 'alternate’s email',
};

/** The labels of the fields a person changed, once each, in the order given; unknown or bookkeeping keys left out. */
export function fieldLabels(keys: readonly unknown[]): string[] {
  return [...new Set(keys.flatMap((k) => (typeof k === 'string' && LABEL[k] ? [LABEL[k]] : [])))];
}
