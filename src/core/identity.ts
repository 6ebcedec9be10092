// Platform identities as neutral strings: `slack:<U…>`, `teams:<aadObjectId>`, `console:<OS user>`.
export const PLATFORMS = ['slack', 'teams', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Identity {
  platform: Platform;
  id: string;
}

const PATTERNS: Record<Platform, RegExp> = {
  // Slack user ids shown in a profile start with U (or W on Enterprise Grid).
  slack: /^[UW][A-Z0-9]{2,}$/,
  // Teams users are keyed by their Entra (AAD) object id; accept any id without spaces or colons.
  teams: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
  console: /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/,
};

export function parseIdentity(text: string): Identity | undefined {
  const at = text.indexOf(':');
  if (at < 0) return undefined;
  const platform = text.slice(0, at) as Platform;
  const id = text.slice(at + 1);
  if (!PLATFORMS.includes(platform) || !PATTERNS[platform].test(id)) return undefined;
  return { platform, id };
}

export function formatIdentity(identity: Identity): string {
  return `${identity.platform}:${identity.id}`;
}
