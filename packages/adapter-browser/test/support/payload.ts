import type { WireData, WirePacket } from "@wsmp/conformance/harness";

export function text(value: string): WireData {
  return { kind: "text", text: value };
}

export function binary(bytes: Uint8Array | readonly number[]): WireData {
  return { kind: "binary", base64: Buffer.from(Uint8Array.from(bytes)).toString("base64") };
}

/** A packet's payload as bytes (text as UTF-8). */
export function bytesOf(packet: WirePacket): Uint8Array {
  return packet.data.kind === "text" ? new TextEncoder().encode(packet.data.text) : new Uint8Array(Buffer.from(packet.data.base64, "base64"));
}
