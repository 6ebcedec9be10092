// The three surveys that ship, written in this project's words after its sources: MCCA's Twin Cities
// case (members agree to answer informal surveys; two or three summits a year) and BENS's advice to
// review the value a partnership delivers and to keep a feedback loop on members' information needs.
import { DEFAULT_REMINDERS, type Definition } from './definition.js';

export interface SurveyTemplate {
  key: string;
  name: string;
  /** Where it comes from, said in the survey list and in an exported file. */
  source: string;
  definition: Definition;
}

const DAY = 86_400_000;

const POST_SUMMIT: SurveyTemplate = {
  key: 'post-summit',
  name: 'Post-summit feedback',
  source: 'After MCCA, Public/Private Partnership Project (2019): the Twin Cities partnership meets two or three times a year, and its members answer informal surveys.',
  definition: {
    title: 'How was the summit?',
    intro: 'Five short questions so the board can plan the next summit around what you found worth your time.',
    anonymous: true,
    audience: { kind: 'all' },
    closesAfterMs: 7 * DAY,
    reminders: DEFAULT_REMINDERS,
    repeat: 'none',
    questions: [
      { kind: 'scale', text: 'Was the summit worth the time you gave it?', required: true, low: 'Not worth it', high: 'Well worth it' },
      { kind: 'single', text: 'Did the topics bear on what your organization faces now?', required: true, choices: ['Yes, directly', 'Partly', 'Not really'] },
      { kind: 'single', text: 'Next time, more of which?', required: true, choices: ['Keep the same mix', 'More time with peers', 'More threat briefings', 'More exercises and case studies'] },
      { kind: 'text', text: 'What was the most useful part?', required: false },
      { kind: 'text', text: 'What should the next summit cover?', required: false },
    ],
  },
};

const PULSE: SurveyTemplate = {
  key: 'pulse',
  name: 'Quarterly partnership pulse',
  source: 'After BENS, Beyond Flash Points (2017): agree what value the partnership delivers and review it regularly, or the partnership goes stale; and MCCA (2019) on keeping a steady cadence.',
  definition: {
    title: 'Quarterly partnership pulse',
    intro: 'Four questions, once a quarter, so the partnership keeps delivering what members need between crises.',
    anonymous: true,
    audience: { kind: 'all' },
    closesAfterMs: 7 * DAY,
    reminders: DEFAULT_REMINDERS,
    repeat: 'quarterly',
    questions: [
      { kind: 'scale', text: 'This quarter, how much value did the partnership deliver to your organization?', required: true, low: 'None', high: 'A great deal' },
      { kind: 'scale', text: 'Did information from the partnership reach you in time to act on it?', required: true, low: 'Too late to use', high: 'Always in time' },
      { kind: 'single', text: 'How often we meet is…', required: true, choices: ['Too often', 'About right', 'Not often enough'] },
      { kind: 'text', text: 'One thing that would make the partnership more useful to you:', required: false },
    ],
  },
};

const INFORMATION_NEEDS: SurveyTemplate = {
  key: 'information-needs',
  name: 'Information-needs refresh',
  source: 'After BENS, Beyond Flash Points (2017): reassess what information partners need and how, through a feedback loop as simple as a short questionnaire.',
  definition: {
    title: 'What information do you need from the partnership?',
    intro: 'Tell us which information helps you act, how you want it, and what is missing, so we share what you can use rather than what is easy to send.',
    anonymous: false,
    audience: { kind: 'all' },
    closesAfterMs: 14 * DAY,
    reminders: DEFAULT_REMINDERS,
    repeat: 'none',
    questions: [
      {
        kind: 'multiple',
        text: 'Which of these help you act? (pick any)',
        required: true,
        choices: ['Threat and incident alerts', 'Notices of large events and protests', 'Crime trends near our sites', 'Cyber advisories', 'After-action reviews', 'Training and exercises'],
      },
      { kind: 'single', text: 'How should routine information reach you?', required: true, choices: ['In chat as it happens', 'A weekly digest', 'At meetings and summits'] },
      { kind: 'scale', text: 'How confident are you that what you share is protected?', required: true, low: 'Not at all', high: 'Fully' },
      { kind: 'text', text: 'What do you need that you are not getting?', required: false },
    ],
  },
};

export const TEMPLATES: readonly SurveyTemplate[] = [PULSE, POST_SUMMIT, INFORMATION_NEEDS];

export function templateOf(key: string): SurveyTemplate | undefined {
  return TEMPLATES.find((t) => t.key === key.toLowerCase());
}
