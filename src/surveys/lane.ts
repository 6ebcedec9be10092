// Answers wait their turn behind acknowledgements: a burst of members pressing Send is acknowledged to
// Slack first (each request is acked before its answer is handled), and the answers are then taken one
// per turn of the event loop, so storing them never holds up the next acknowledgement.
// The card turns "Answered" only once the answer is stored: a member whose answer a crash lost in the
// meantime still sees Send, and sends again.
export class Lane {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Runs `work` once its turn comes; resolves (or rejects) with it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => void work().then(resolve, reject));
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // setImmediate runs after the loop has polled for I/O: requests that arrived meanwhile go first.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}

/** One lane for the process: the answers of every survey share it. */
export const answerLane = new Lane();
