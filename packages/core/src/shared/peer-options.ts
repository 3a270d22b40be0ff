import { InvalidArgumentError } from "./errors.js";

/** What happens when an incoming packet does not fit its peer's inbound queue. */
export const OverflowPolicy = {
  /** Drop the packet, count it and emit `packet_dropped` (Godot 4.0-4.3 drop it with an error print). */
  DROP: "drop",
  /** Close the sending peer with 1008 so the loss is visible to both sides. */
  CLOSE: "close",
} as const;
export type OverflowPolicy = (typeof OverflowPolicy)[keyof typeof OverflowPolicy];

/** The limits and handshake settings of Godot's WebSocketMultiplayerPeer, with Godot's defaults. */
export interface PeerOptions {
  /** Extra `Name: value` header lines: sent by a client in its request, by a server in its 101 response. */
  handshakeHeaders: readonly string[];
  /** Seconds a connection may spend between TCP accept/connect and being given its id. */
  handshakeTimeout: number;
  /** Largest incoming message, and the bytes a peer may have waiting in the inbound queue. */
  inboundBufferSize: number;
  /** Packets a peer may have waiting in the inbound queue, and messages waiting to be written out. */
  maxQueuedPackets: number;
  /** Bytes that may wait to be written to one peer; `<= 0` turns the byte check off (as in Godot). */
  outboundBufferSize: number;
  /** WebSocket subprotocols, negotiated with Godot's strict rule (see `negotiateSubprotocol`). */
  supportedProtocols: readonly string[];
  /** What happens when the inbound queue of a peer is full. */
  overflow: OverflowPolicy;
  /**
   * Seconds of silence from the other side after which a WebSocket ping is sent (0: no heartbeat,
   * as in Godot before 4.4). Any message or pong counts as a sign of life.
   */
  heartbeatInterval: number;
  /** Seconds a ping may wait for its pong (or any message) before the connection is closed with 4003. */
  heartbeatTimeout: number;
}

export const DEFAULT_OPTIONS: Readonly<PeerOptions> = Object.freeze({
  handshakeHeaders: Object.freeze([]) as readonly string[],
  handshakeTimeout: 3,
  inboundBufferSize: 65535,
  maxQueuedPackets: 2048,
  outboundBufferSize: 65535,
  supportedProtocols: Object.freeze([]) as readonly string[],
  overflow: OverflowPolicy.DROP,
  heartbeatInterval: 0,
  heartbeatTimeout: 10,
});

/** RFC 7230 token characters, used by header names and subprotocol names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Checks one `Name: value` header line. CR and LF are refused so no header can be injected. */
export function validateHeaderLine(line: unknown): string {
  if (typeof line !== "string") throw new InvalidArgumentError("handshake header lines must be strings");
  const colon = line.indexOf(":");
  const name = colon < 0 ? "" : line.slice(0, colon).trim();
  if (colon < 1 || !TOKEN.test(name) || /[\r\n\0]/.test(line)) {
    throw new InvalidArgumentError(`invalid handshake header line ${JSON.stringify(line)}: expected "Name: value"`);
  }
  return line;
}

/** Splits a `Name: value` line into its parts. */
export function parseHeaderLine(line: string): readonly [name: string, value: string] {
  const colon = line.indexOf(":");
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

/** Trims (as Godot does) and checks subprotocol names. */
export function normalizeProtocols(list: unknown): readonly string[] {
  if (!Array.isArray(list)) throw new InvalidArgumentError("supportedProtocols must be an array of strings");
  return list.map((p: unknown) => {
    const name = typeof p === "string" ? p.trim() : "";
    if (!TOKEN.test(name)) throw new InvalidArgumentError(`invalid subprotocol ${JSON.stringify(p)}`);
    return name;
  });
}

/** Validates one option value. Throws `InvalidArgumentError` naming the option. */
export function validateOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): PeerOptions[K] {
  switch (key) {
    case "handshakeHeaders":
      if (!Array.isArray(value)) throw new InvalidArgumentError("handshakeHeaders must be an array of strings");
      return Object.freeze((value as readonly unknown[]).map(validateHeaderLine)) as PeerOptions[K];
    case "supportedProtocols":
      return Object.freeze(normalizeProtocols(value)) as PeerOptions[K];
    case "handshakeTimeout":
      if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`handshakeTimeout must be a positive number of seconds, got ${String(value)}`);
      }
      return value;
    case "inboundBufferSize":
    case "maxQueuedPackets":
      return positiveInteger(key, value) as PeerOptions[K];
    case "outboundBufferSize":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new InvalidArgumentError(`outboundBufferSize must be an integer, got ${String(value)}`);
      }
      return value;
    case "heartbeatInterval":
      if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`heartbeatInterval must be a number of seconds >= 0 (0 turns it off), got ${String(value)}`);
      }
      return value;
    case "heartbeatTimeout":
      if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`heartbeatTimeout must be a positive number of seconds, got ${String(value)}`);
      }
      return value;
    case "overflow":
      if (value !== OverflowPolicy.DROP && value !== OverflowPolicy.CLOSE) {
        throw new InvalidArgumentError(`overflow must be "drop" or "close", got ${String(value)}`);
      }
      return value;
    default:
      throw new InvalidArgumentError(`unknown option ${String(key)}`);
  }
}

function assignValidated<K extends keyof PeerOptions>(out: PeerOptions, key: K, value: PeerOptions[K]): void {
  out[key] = validateOption(key, value);
}

/** Fills in defaults and validates every given option. Unknown keys are refused. */
export function resolveOptions(given: Partial<PeerOptions> = {}): PeerOptions {
  const out: PeerOptions = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(given) as (keyof PeerOptions)[]) {
    const value = given[key];
    if (value !== undefined) assignValidated(out, key, value);
  }
  return out;
}

/**
 * Godot's server-side subprotocol rule. Walk the client's offers in order and take the first the
 * server supports. If the client offered some and none match, or offered none while the server
 * has a list, the handshake fails (`null`). If neither side uses subprotocols the result is "".
 */
export function negotiateSubprotocol(offered: readonly string[], supported: readonly string[]): string | null {
  const offers = offered.map((p) => p.trim()).filter((p) => p.length > 0);
  if (offers.length === 0) return supported.length === 0 ? "" : null;
  for (const offer of offers) if (supported.includes(offer)) return offer;
  return null;
}
