// Pulls lines one at a time from a stream, so a command can stop to ask a form's questions.
import { createInterface, type Interface } from 'node:readline';

export class LineReader {
  private readonly rl: Interface;
  private readonly queued: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private closed = false;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    terminal: boolean,
  ) {
    this.rl = createInterface({ input, output: terminal ? output : undefined, terminal });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else {
        this.queued.push(line);
      }
    });
    // Ctrl-C at the prompt ends the session like Ctrl-D, so the bot shuts down cleanly.
    this.rl.on('SIGINT', () => this.rl.close());
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
  }

  /** The next line, or null once the input has ended. */
  next(prompt: string): Promise<string | null> {
    this.output.write(prompt);
    const line = this.queued.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  close(): void {
    this.rl.close();
  }
}
