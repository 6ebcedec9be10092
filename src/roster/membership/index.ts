// Membership: who is on the roster and with what standing, as others decide it — asking to join,
// nominating, vetting (command and buttons), and a coordinator running a member's record or adding one.
import type { Registry } from '../../commands/registry.js';
import { registerJoin } from './join-command.js';
import { registerMember } from './member-command.js';
import { registerMemberConfirmations } from './member-confirm.js';
import { registerMemberForm } from './member-form.js';
import { registerNominate } from './nominate-command.js';
import { registerVet } from './vet-command.js';
import { registerVettingActions } from './vetting-actions.js';

export function register(registry: Registry): void {
  registerJoin(registry);
  registerNominate(registry);
  registerVet(registry);
  registerVettingActions(registry);
  registerMember(registry);
  registerMemberConfirmations(registry);
  registerMemberForm(registry);
}
