/**
 * A sliding-window limiter per provider: at most `perSecond` calls start within any 1,000 ms,
 * bursts included (a token bucket would allow twice that across a refill). Callers wait for
 * their turn instead of being refused, so a sync of 100,000 bookings runs at the provider's pace
 * rather than into its 429s.
 */
export class RateLimiter {
  private starts: number[] = []; // start times of the last `perSecond` calls, oldest first
  private queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly now = () => performance.now(),
  ) {}

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  private drain() {
    if (this.timer) return;
    while (this.queue.length) {
      const t = this.now();
      if (this.starts.length >= this.perSecond) {
        const wait = this.starts[0] + 1000 - t;
        if (wait > 0) {
          this.timer = setTimeout(() => {
            this.timer = null;
            this.drain();
          }, Math.ceil(wait));
          return;
        }
        this.starts.shift();
      }
      this.starts.push(t);
      this.queue.shift()!();
    }
  }
}
