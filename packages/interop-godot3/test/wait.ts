/** Polls `condition` every 10 ms until it holds, or fails after `ms`. Runtime-agnostic (Node and Bun). */
export async function until(condition: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
