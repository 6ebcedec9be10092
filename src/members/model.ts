// The member record's vocabulary, as the spec's Domain names it, with the labels users read.
import type { members } from '../../db/schema.js';

export type MemberRow = typeof members.$inferSelect;

export const STATUSES = ['nominated', 'active', 'suspended', 'departed'] as const;
export type MemberStatus = (typeof STATUSES)[number];

export const TIERS = ['member', 'board'] as const;
export type Tier = (typeof TIERS)[number];

export const CATEGORIES = {
  'law-enforcement': 'Law-enforcement official',
  'security-practitioner': 'Security practitioner',
  'security-supplier': 'Supplier of security services',
  'critical-infrastructure': 'Critical-infrastructure official',
} as const;
export type Category = keyof typeof CATEGORIES;

export const ORGANIZATION_KINDS = {
  'local-agency': 'Local agency',
  'federal-agency': 'Federal agency',
  corporation: 'Corporation',
  'critical-infrastructure': 'Critical-infrastructure operator',
  'security-supplier': 'Security supplier',
} as const;

/** How long a vetting lasts before it lapses and the member is suspended. */
export const VETTING_MONTHS = 12;
