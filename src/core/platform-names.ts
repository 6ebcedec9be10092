// How each platform is named to the people using it, in one place.
import type { Platform } from './identity.js';

/** In a sentence: "on Microsoft Teams", "from the console". */
export const PLATFORM_NAME: Record<Platform, string> = { slack: 'Slack', teams: 'Microsoft Teams', console: 'the console' };

/** In a sentence where it is one of several short facts (`who`'s lines, a missing account): "on Teams". */
export const PLATFORM_SHORT_NAME: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'the console' };

/** Before a channel's name, as a label: "Teams Security chiefs", "Slack #security-chiefs". */
export const PLATFORM_LABEL: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'Console' };
