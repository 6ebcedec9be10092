// Waits for a condition a test cannot be told about (a row settled, a file grown), polling briefly.
export async function until<T>(check: () => T | undefined | false, timeoutMs = 20_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
