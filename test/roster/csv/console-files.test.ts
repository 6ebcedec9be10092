// On the console, export and template are files under DATA_DIR/exports that only the owner can read,
// with the path shown; the CSV never appears on screen.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConsoleMessenger } from '../../../adapters/console/messenger.js';
import { renderText } from '../../../src/cards/text.js';
import { recorder } from '../../helpers/responder.js';
import { startTestBot } from '../../helpers/services.js';
import { seed } from '../../helpers/db.js';
import { consoleTurn } from '../../helpers/world.js';

describe('files on the console', () => {
  it('writes the export owner-only under DATA_DIR/exports and says where', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-console-'));
    const screen: string[] = [];
    const messenger = new ConsoleMessenger((card, note) => screen.push(`${note.text}\n${renderText(card).text}`), () => join(dataDir, 'exports'));
    const { bot, services, close } = await startTestBot({ env: { DATA_DIR: dataDir }, clock: () => new Date('2026-11-22T15:00:00Z'), messenger });
    onTestFinished(close);
    const { db } = services;
    const op = { platform: 'console' as const, id: 'operator' };
    seed(db, { name: 'Operator', identity: op, set: { isCoordinator: true, coordinatorVia: 'console', contact247: '+1 612 555 0111' } });

    const respond = recorder();
    await bot.handleCommand(consoleTurn(op), 'roster export', respond);
    const answer = renderText(respond.sent[0]!.card!).text;
    const path = /written to (\S+\.csv)/.exec(answer)?.[1];
    expect(path, answer).toBeDefined();
    // A short name: the date once, in the partnership's zone.
    expect(path).toBe(join(dataDir, 'exports', 'roster-2026-11-22.csv'));
    expect(statSync(path!).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'exports')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path!, 'utf8')).toContain('+1 612 555 0111');
    expect(screen.join('\n')).not.toContain('555 0111');

    const template = recorder();
    await bot.handleCommand(consoleTurn(op), 'roster template', template);
    expect(renderText(template.sent[0]!.card!).text).toMatch(/The roster template was written to .*\/roster-template\.csv \(readable by you only\)/);

    // A second export the same day gets a counter; nothing is overwritten.
    const again = recorder();
    await bot.handleCommand(consoleTurn(op), 'roster export', again);
    expect(renderText(again.sent[0]!.card!).text).toContain(`written to ${join(dataDir, 'exports', 'roster-2026-11-22-2.csv')}`);
    expect(readFileSync(path!, 'utf8')).toContain('+1 612 555 0111');
  });

  it('reads `roster import ~/members.csv` from the home directory', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ppp-home-'));
    const before = process.env.HOME;
    process.env.HOME = home;
    onTestFinished(() => {
      process.env.HOME = before;
    });
    writeFileSync(join(home, 'members.csv'), 'name,status\nKaren Wu,nominated\n');
    const { bot, services, close } = await startTestBot({ clock: () => new Date('2026-11-22T15:00:00Z') });
    onTestFinished(close);
    const op = { platform: 'console' as const, id: 'operator' };
    seed(services.db, { name: 'Operator', identity: op, set: { isCoordinator: true, coordinatorVia: 'console' } });
    const respond = recorder();
    await bot.handleCommand(consoleTurn(op), 'roster import ~/members.csv', respond);
    expect(respond.texts()).toContain('Roster imported');
  });
});
