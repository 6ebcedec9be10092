// How many sends a process has in flight at once, across all its chunk jobs. More chunk jobs than the
// slots would fill keep the next chunk paced and loaded while the last one's answers come in, so the
// connections never wait on a job's bookkeeping; the slots keep what a SIGKILL can leave unsettled (the
// sends in flight) where it was. A chunk takes its slots before it leases its rows, so no row is leased
// while it waits.
export class SendSlots {
  private free: number;
  private readonly waiting: { n: number; go: () => void }[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Waits until `n` slots are free (in the order asked), then holds them. */
  acquire(n: number): Promise<void> {
    const want = Math.min(n, this.size);
    if (this.waiting.length === 0 && this.free >= want) {
      this.free -= want;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push({ n: want, go }));
  }

  release(n: number): void {
    this.free = Math.min(this.size, this.free + n);
    while (this.waiting.length > 0 && this.free >= this.waiting[0]!.n) {
      const next = this.waiting.shift()!;
      this.free -= next.n;
      next.go();
    }
  }
}
