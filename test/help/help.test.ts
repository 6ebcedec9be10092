// The stranger's `help` says what this bot does from what is registered: each feature adds its own
// words, so nothing is promised before it exists.
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { Registry } from '../../src/commands/registry.js';
import { createRegistry, FEATURES } from '../../src/features.js';
import { register as help } from '../../src/help/index.js';
import { register as roster } from '../../src/roster/index.js';
import { renderText } from '../../src/cards/text.js';
import { recorder } from '../helpers/responder.js';
import { buildServices } from '../helpers/services.js';
import { consoleTurn, person } from '../helpers/world.js';

async function strangerHelp(registry: Registry): Promise<string> {
  const services = buildServices({ registry });
  const r = recorder();
  await createBot(services).handleCommand(consoleTurn(person('stranger')), 'help', r);
  return renderText(r.sent[0]!.card!).text;
}

describe('help for someone not on the roster', () => {
  it('says what the registered features do, and nothing that is not registered', async () => {
    const text = await strangerHelp(createRegistry());
    expect(text).toMatch(/This bot (.+, )*reviews the partnership against the key ingredients/);
    expect(text).toMatch(/keeps its vetted roster/);
    expect(text).toMatch(/schedules its summits and meetings/);
    expect(text).toMatch(/sends announcements/);
    expect(text).toMatch(/runs its informal member surveys/);
    expect(text).toMatch(/sends incident alerts, routed by their TLP label, which members acknowledge with one click/);
    expect(createRegistry().whatItDoes().length).toBe(FEATURES.length - 2);
  });

  it('a deployment with only the roster promises only the roster', async () => {
    const registry = new Registry();
    help(registry);
    roster(registry);
    const text = await strangerHelp(registry);
    expect(text).toMatch(/This bot keeps its vetted roster/);
    expect(text).not.toMatch(/summit|key ingredients|announce|incident|alert/i);
  });
});
