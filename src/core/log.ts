// The pino logger. Secrets never reach a log line: known token fields are redacted wherever they appear.
import pino, { type DestinationStream, type Logger } from 'pino';

export type Log = Logger;

const REDACT = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'appPassword',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.appPassword',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
];

export function createLog(level: string, destination?: DestinationStream): Log {
  return pino({ level, base: { app: 'ppp-bot' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
