import type { ClientHandle, HarnessEvent, ServerHandle, WirePacket } from "@wsmp/conformance/harness";

type Events = Pick<ServerHandle | ClientHandle, "events">;
type EventOf<T extends HarnessEvent["type"]> = Extract<HarnessEvent, { type: T }>;

/** Waits for the first event of `type` matching `pred` (looking at every event since the start). */
export async function waitForEvent<T extends HarnessEvent["type"]>(
  source: Events,
  type: T,
  pred: (event: EventOf<T>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<EventOf<T>> {
  const deadline = Date.now() + timeoutMs;
  let seen: HarnessEvent[] = [];
  for (;;) {
    const hit = seen.find((e): e is EventOf<T> => e.type === type && pred(e as EventOf<T>));
    if (hit) return hit;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no matching "${type}" event within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
    seen = seen.concat(await source.events(seen.length, Math.min(left, 1_000)));
  }
}

/** Receives exactly `count` packets within `timeoutMs`, or throws. */
export async function receiveN(source: Pick<ServerHandle, "receive">, count: number, timeoutMs = 5_000): Promise<WirePacket[]> {
  const out: WirePacket[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`expected ${count} packets within ${timeoutMs} ms, got ${out.length}`);
    out.push(...(await source.receive({ max: count - out.length, waitMs: Math.min(left, 500) })));
  }
  return out;
}
