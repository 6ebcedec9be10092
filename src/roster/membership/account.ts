// How the account behind a join request or a nomination appears to the coordinators who vet it: the
// platform's own view (a Slack mention, the name Teams gives) and the email its profile gives, if any.
import type { Services } from '../../services.js';
import type { Identity } from '../../core/identity.js';
import { profileEmailOf } from '../../members/platform-profile.js';

export interface AccountView {
  identity: Identity;
  /** The name the platform shows for the account (the one the card falls back to where no mention renders). */
  name: string;
  /** The profile's email (on Teams the email or user principal name the roster gives), when the platform says. */
  profileEmail?: string;
}

export async function accountOf(services: Services, identity: Identity, name: string): Promise<AccountView> {
  const profileEmail = await profileEmailOf(services, identity);
  return profileEmail ? { identity, name, profileEmail } : { identity, name };
}
