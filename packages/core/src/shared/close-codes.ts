import { utf8Length } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";

/**
 * Close codes an application may send: 1000-1003, 1007-1011 and 3000-4999. These are the codes
 * Godot's WebSocket library accepts in a received close frame; anything else would make a Godot
 * peer answer with a protocol error.
 */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1011 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999));
}

export function checkCloseCode(code: number): void {
  if (!isSendableCloseCode(code)) {
    throw new InvalidArgumentError(`close code ${String(code)} cannot be sent: use 1000-1003, 1007-1011 or 3000-4999`);
  }
}

/** Checks a close code and its reason (at most 123 UTF-8 bytes, the room a close frame has). */
export function checkClose(code: number, reason: string): void {
  checkCloseCode(code);
  if (typeof reason !== "string" || utf8Length(reason) > 123) {
    throw new InvalidArgumentError("close reason must be a string of at most 123 UTF-8 bytes");
  }
}

/**
 * Godot 3 sends close reasons with a trailing NUL byte (the C string's terminator). wsmp reports
 * the reason without it; one trailing NUL is removed, any other character is kept.
 */
export function stripTrailingNul(reason: string): string {
  return reason.endsWith("\0") ? reason.slice(0, -1) : reason;
}
