import { decodeVariant, encodeVariant, NodePath, type GodotValue, type VariantOptions } from "@wsmp/core/variant";
import { expect } from "vitest";

/** True when a NodePath is anywhere inside `value` (Godot leaves the padding of its names uninitialised). */
export function containsNodePath(value: GodotValue): boolean {
  if (value instanceof NodePath) return true;
  if (Array.isArray(value)) return value.some(containsNodePath);
  if (value instanceof Map) return [...value].some(([k, v]) => containsNodePath(k) || containsNodePath(v));
  if (value !== null && typeof value === "object" && "items" in value) return (value.items as GodotValue[]).some(containsNodePath);
  return false;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/**
 * Godot's bytes for a value equal wsmp's: exactly, or, when the value holds a NodePath, after
 * decoding and re-encoding them (which zeroes padding), with every raw difference at a byte wsmp
 * writes as 0 (the padding Godot does not initialise).
 */
export function expectSameBytes(godotHex: string, ours: Uint8Array, value: GodotValue, options: VariantOptions): void {
  const theirs = Buffer.from(godotHex, "hex");
  if (!containsNodePath(value)) {
    expect(hex(ours)).toBe(godotHex);
    return;
  }
  expect(theirs.length).toBe(ours.length);
  expect(hex(encodeVariant(decodeVariant(theirs, options).value, options))).toBe(hex(ours));
  for (let i = 0; i < ours.length; i++) if (theirs[i] !== ours[i]) expect(ours[i], `byte ${i} differs and is not padding`).toBe(0);
}
