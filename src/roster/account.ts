// How the account behind a join request or a nomination appears to the coordinators who vet it: the
// platform's own view (a Slack mention, the name Teams gives) and the email its profile gives, if any.
import type { Services } from '../services.js';
import type { Identity } from '../core/identity.js';

export interface AccountView {
  identity: Identity;
  /** The name the platform shows for the account (the one the card falls back to where no mention renders). */
  name: string;
  /** The profile's email (on Teams the email or user principal name the roster gives), when the platform says. */
  profileEmail?: string;
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

export async function accountOf(services: Services, identity: Identity, name: string): Promise<AccountView> {
  const profileEmail = await profileEmailOf(services, identity);
  return profileEmail ? { identity, name, profileEmail } : { identity, name };
}
