/**
 * The bytes of one bus message between two nodes:
 *
 *   kind u8 | connection u32 LE | sender length u8 | sender (UTF-8) | body
 *
 * The kind's high bit is set on frames an owner sends to an edge, so a node that is both (an
 * edge of one session, the owner of another) never takes one direction for the other.
 * `connection` is the bridged client's number on the node it reached (the edge), in both
 * directions; the owner knows a bridged peer by (edge node, connection). Bodies: JOIN, DECISION
 * and CLOSE carry JSON, TEXT UTF-8, BINARY the message's bytes; OPEN and TERMINATE none.
 */
export const FrameKind = {
  /** edge -> owner: a client asks to join a session (its upgrade request). */
  JOIN: 1,
  /** owner -> edge: the session's answer to the upgrade. */
  DECISION: 2,
  /** edge -> owner: the client's WebSocket is open. */
  OPEN: 3,
  /** both ways: one binary message. */
  BINARY: 4,
  /** both ways: one text message. */
  TEXT: 5,
  /** both ways: a close (edge -> owner: the client's connection ended; owner -> edge: close it). */
  CLOSE: 6,
  /** owner -> edge: drop the client without a close frame. */
  TERMINATE: 7,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Set on the kind byte of frames from an owner to an edge. */
const TO_EDGE = 0x80;

export interface Frame {
  readonly kind: FrameKind;
  /** Sent by an owner to the edge that holds the client (else by an edge to an owner). */
  readonly toEdge: boolean;
  readonly connection: number;
  /** The node that sent it. */
  readonly sender: string;
  readonly body: Uint8Array;
}

/** What a JOIN carries: the upgrade request as the edge read it. */
export interface JoinBody {
  readonly name: string;
  readonly path: string;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Milliseconds since the edge accepted the TCP connection (the owner's handshake clock goes back that far). */
  readonly elapsed: number;
}

export interface CloseBody {
  readonly code: number;
  readonly reason: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeFrame(kind: FrameKind, toEdge: boolean, connection: number, sender: string, body: Uint8Array | string | object = new Uint8Array(0)): Uint8Array {
  const bytes = body instanceof Uint8Array ? body : encoder.encode(typeof body === "string" ? body : JSON.stringify(body));
  const name = encoder.encode(sender);
  if (name.byteLength > 255) throw new Error(`node id too long: ${sender}`);
  const out = new Uint8Array(6 + name.byteLength + bytes.byteLength);
  const view = new DataView(out.buffer);
  out[0] = kind | (toEdge ? TO_EDGE : 0);
  view.setUint32(1, connection >>> 0, true);
  out[5] = name.byteLength;
  out.set(name, 6);
  out.set(bytes, 6 + name.byteLength);
  return out;
}

/** The frame in `bytes`, or undefined when they are not one (a stray message on the channel). */
export function decodeFrame(bytes: Uint8Array): Frame | undefined {
  if (bytes.byteLength < 6) return undefined;
  const toEdge = (bytes[0]! & TO_EDGE) !== 0;
  const kind = (bytes[0]! & ~TO_EDGE) as FrameKind;
  if (kind < FrameKind.JOIN || kind > FrameKind.TERMINATE) return undefined;
  const connection = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true);
  const length = bytes[5]!;
  if (bytes.byteLength < 6 + length) return undefined;
  return { kind, toEdge, connection, sender: decoder.decode(bytes.subarray(6, 6 + length)), body: bytes.subarray(6 + length) };
}

export function bodyText(frame: Frame): string {
  return decoder.decode(frame.body);
}

export function bodyJson<T>(frame: Frame): T {
  return JSON.parse(bodyText(frame)) as T;
}
