// Kept for the branches written against it: the roster's tests now use the one world in
// test/helpers/world.ts and the seeding helpers in test/helpers/db.ts. `startWorld` here is that world
// with the console as the one connected platform, as the roster's tests had it.
import { startWorld as startAnyWorld, type World, type WorldOptions } from '../helpers/world.js';

export { memberNamed, organization, seed, type Seed } from '../helpers/db.js';
export { buttonOn, consoleTurn, fullText, mention, person, type Shown, type World } from '../helpers/world.js';

export function startWorld(options: Omit<WorldOptions, 'platforms'> = {}): Promise<World> {
  return startAnyWorld({ platforms: ['console'], ...options });
}
