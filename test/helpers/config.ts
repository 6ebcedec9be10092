// What loadConfig refuses, as the one line the operator would read ('' when it accepts the settings).
import { ConfigError, loadConfig } from '../../src/config.js';

export function configProblems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
}
