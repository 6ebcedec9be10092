// What a person's platform profile says of them: their name, for someone put on the roster from a
// mention, and their email, to match an account with a member. A mention's label is only what a message
// showed (often a username, and on some paths text the sender chose), so it never becomes anyone's
// name: the profile does, or the caller is asked.
import type { Services } from '../services.js';
import { sanitize } from '../core/sanitize.js';
import type { Identity } from '../core/identity.js';

const MAX_NAME = 120;

const clean = (name: string | undefined): string => (name ? sanitize(name).replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '');

/**
 * The full name, else the display name; undefined when the platform has no profile, cannot be asked,
 * or (with `withinMs`) does not answer in time — a form must open while Slack's trigger is still valid.
 */
export async function profileName(services: Services, identity: Identity, withinMs?: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const asked = services.messenger.profileOf(identity);
    const late = new Promise<undefined>((resolve) => {
      if (withinMs !== undefined) timer = setTimeout(() => resolve(undefined), withinMs);
    });
    // A late answer is dropped, and a late failure with it.
    asked.catch(() => undefined);
    const profile = withinMs === undefined ? await asked : await Promise.race([asked, late]);
    return clean(profile?.realName) || clean(profile?.displayName) || undefined;
  } catch (err) {
    services.log.warn({ platform: identity.platform, reason: err instanceof Error ? err.message.slice(0, 120) : 'failed' }, 'could not read a platform profile');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** A profile lookup is a courtesy on a request someone is waiting on: it gets this long, then the card goes without. */
const LOOKUP_MS = 1500;

/** The email the platform's profile gives for an account, or undefined when it cannot say (soon). */
export async function profileEmailOf(services: Services, identity: Identity): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOOKUP_MS);
    timer.unref();
  });
  try {
    return await Promise.race([services.messenger.emailOf(identity), late]);
  } catch (err) {
    services.log.info({ err }, 'could not read a profile email');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
