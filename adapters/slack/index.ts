// The Slack adapter's entry point (placeholder until the Slack adapter lands).
import type { AdapterDeps } from '../../src/adapter-deps.js';
import type { SlackConfig } from '../../src/config.js';
import { FatalAdapterError, type PlatformAdapter } from '../../src/platform.js';

export async function createSlackAdapter(_config: SlackConfig, _deps: AdapterDeps): Promise<PlatformAdapter> {
  throw new FatalAdapterError('the Slack adapter is not part of this build yet');
}
