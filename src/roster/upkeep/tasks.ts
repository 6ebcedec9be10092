// The roster's daily housekeeping, run by the maintenance job: vetting that lapsed suspends the member
// (they and the coordinators are told), vetting that runs out within 30 days is announced to both, and a
// departed member's contact details go after retention.
import { message } from '../../cards/card.js';
import type { Registry } from '../../commands/registry.js';
import { suspendedCard } from '../membership/cards.js';
import { notifyCoordinators, tellMember } from '../../members/reach.js';
import { REMINDER_DAYS, remindExpiringVettings } from './reminders.js';
import { eraseExpiredContacts, suspendLapsedVettings } from '../../members/upkeep.js';

export function registerRosterTasks(registry: Registry): void {
  registry.task({
    name: 'vetting-lapses',
    async run(services) {
      const now = services.clock();
      const day = now.toISOString().slice(0, 10);
      const { suspended, overdueCoordinators } = suspendLapsedVettings(services.db, now);
      for (const m of suspended) {
        await tellMember(services, `lapse-${m.id}-${day}`, m.id, suspendedCard(services.config.name, 'vetting lapsed'));
      }
      if (suspended.length > 0 || overdueCoordinators.length > 0) {
        const lines = [
          ...suspended.map((m) => `${m.name}: vetting lapsed, suspended until a board member or coordinator runs \`vet\` again`),
          ...overdueCoordinators.map((m) => `${m.name}: a coordinator whose vetting lapsed (left active so someone can still vet); renew with \`vet\``),
        ];
        await notifyCoordinators(services, `lapses-${day}`, message(`Vetting lapsed today:\n${lines.join('\n')}`));
      }
      return `${suspended.length} suspended, ${overdueCoordinators.length} coordinators overdue`;
    },
  });
  registry.task({
    name: 'vetting-reminders',
    async run(services) {
      const reminded = await remindExpiringVettings(services);
      return `${reminded.length} reminded of vetting running out within ${REMINDER_DAYS} days`;
    },
  });
  registry.task({
    name: 'contact-retention',
    run(services) {
      const erased = eraseExpiredContacts(services.db, services.clock(), services.config.retentionDays);
      return `${erased.length} departed members' contact details erased`;
    },
  });
}
