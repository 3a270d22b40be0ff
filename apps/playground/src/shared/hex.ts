/** `0a 1b ff ...`: the bytes as space-separated hex pairs, cut after `limit` bytes with a count of the rest. */
export function toHex(bytes: Uint8Array, limit = 64): string {
  const shown = Math.min(bytes.byteLength, limit);
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push((bytes[i] ?? 0).toString(16).padStart(2, "0"));
  const rest = bytes.byteLength - shown;
  return rest > 0 ? `${parts.join(" ")} … (+${rest} bytes)` : parts.join(" ");
}
