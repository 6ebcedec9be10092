// A one-shot PING over a raw socket: tells "answers", "loading" and "down" apart without a client
// that would reconnect and log in the background.
import { connect, type Socket } from 'node:net';

export type PingResult = 'ok' | 'loading' | 'down';

export function pingRedis(where: { path: string } | { host: string; port: number }, timeoutMs = 1000): Promise<PingResult> {
  return new Promise((resolve) => {
    let settled = false;
    let buffer = '';
    const socket: Socket = 'path' in where ? connect(where.path) : connect(where.port, where.host);
    const done = (result: PingResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('down'), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!buffer.includes('\r\n')) return;
      if (buffer.startsWith('+PONG')) done('ok');
      else if (buffer.startsWith('-LOADING')) done('loading');
      else done('down');
    });
    socket.on('error', () => done('down'));
    socket.on('close', () => done('down'));
  });
}
