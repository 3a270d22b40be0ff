/**
 * Close codes in a browser. `WebSocket.close(code)` accepts only 1000 and 3000-4999; any other
 * code throws `InvalidAccessError`. The core and the Godot-faithful API use codes from the
 * 1001-1011 range (1002 protocol error, 1008 policy, 1009 message too big...), so the browser
 * adapter sends those as `code + 3000` (1009 goes out as 4009) with the reason unchanged. The
 * local side still records the code it meant (`getCloseCode()` stays 1009).
 */
export const BrowserCloseCode = {
  /** The one code below 3000 a browser may send. */
  NORMAL: 1000,
  /** What a browser sends when its socket is dropped without a close, as Godot's web peer does. */
  DESTROYED: 3001,
  /** Added to a 1001-1999 code to move it into the application range a browser can send. */
  OFFSET: 3000,
} as const;

/** The reason sent with `DESTROYED`, the same text Godot's web export uses. */
export const DESTROYED_REASON = "destroyed";

export function isBrowserSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && (code === BrowserCloseCode.NORMAL || (code >= 3000 && code <= 4999));
}

/** The code a browser actually sends for `code`: itself when allowed, `code + 3000` for 1001-1999, else 1000. */
export function toBrowserCloseCode(code: number): number {
  if (isBrowserSendableCloseCode(code)) return code;
  if (Number.isInteger(code) && code >= 1001 && code <= 1999) return code + BrowserCloseCode.OFFSET;
  return BrowserCloseCode.NORMAL;
}
