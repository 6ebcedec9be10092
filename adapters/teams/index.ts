// The Teams adapter's entry point (placeholder until the Teams adapter lands).
import type { AdapterDeps } from '../../src/adapter-deps.js';
import type { TeamsConfig } from '../../src/config.js';
import { FatalAdapterError, type PlatformAdapter } from '../../src/platform.js';

export async function createTeamsAdapter(_config: TeamsConfig, _deps: AdapterDeps): Promise<PlatformAdapter> {
  throw new FatalAdapterError('the Teams adapter is not part of this build yet');
}
