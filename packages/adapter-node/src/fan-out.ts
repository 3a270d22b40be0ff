import type { Payload } from "@wsmp/core";
import type { Connection, FanOut, FanOutGroup } from "@wsmp/core/adapter";

/**
 * The frames a Node server writes itself, and its fan-out. A server frame is not masked, so one
 * frame (header and payload in one Buffer) can be written to any number of sockets as it is: a
 * broadcast builds it once and writes the same bytes to every member's socket, where `ws` would
 * build and write a frame per socket. `ws` still reads every frame and writes the control frames
 * (close, ping, pong); with permessage-deflate off and no Blob sent, its sender never holds data
 * back, so these writes and its own stay in the order they were made.
 *
 * A busy relay sends many broadcasts in one event-loop turn (every socket that became readable
 * is read in the same turn). The first broadcast of a turn is written at once; from the second
 * on, each member's socket is corked, so that the turn's frames leave in one write per socket
 * when the turn ends (a `setImmediate`, after the turn's I/O callbacks), or as soon as
 * `HOLD_FRAMES` frames or `HOLD_BYTES` bytes wait for that socket (server-connection.ts), as Bun
 * holds a published message back. Held bytes count in `bufferedAmount` like any other that waits,
 * so the core's limits see them; they are never more than `HOLD_BYTES` plus the last frame.
 */

/** A corked socket is written out once this many frames or bytes wait for it. */
export const HOLD_FRAMES = 32;
export const HOLD_BYTES = 16 * 1024;

/** One whole unmasked server frame holding `data`: text for a string, binary for bytes. */
export function frameOf(data: Payload): Buffer {
  const text = typeof data === "string";
  const length = text ? Buffer.byteLength(data, "utf8") : data.byteLength;
  const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = text ? 0x81 : 0x82; // FIN + opcode 1 (text) or 2 (binary)
  if (length < 126) frame[1] = length;
  else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  if (text) frame.write(data, header, "utf8");
  else frame.set(data, header);
  return frame;
}

/** What a member of a Node group is: a server connection that writes whole frames to its socket. */
export interface FrameSink extends Connection {
  writeFrame(frame: Buffer): void;
  /** Holds its socket's writes until `uncork` (or until `HOLD_FRAMES` or `HOLD_BYTES` wait). */
  cork(): void;
  uncork(): void;
  /** Its place in the group it is a member of, -1 when it is in none. */
  groupIndex: number;
  group: FanOutGroup | undefined;
  /** The turn of its group in which it was last corked. */
  corkedTurn: number;
}

function isSink(connection: Connection): connection is FrameSink {
  return typeof (connection as Partial<FrameSink>).writeFrame === "function";
}

class NodeGroup implements FanOutGroup {
  private readonly members: FrameSink[] = [];
  /** Counts event-loop turns with a broadcast; odd while one is under way. */
  private turn = 0;
  /** Members corked in this turn, uncorked when it ends (members that left included). */
  private readonly corked: FrameSink[] = [];
  private readonly endTurn = (): void => {
    this.turn++;
    const corked = this.corked;
    for (let i = 0; i < corked.length; i++) corked[i]!.uncork();
    corked.length = 0;
  };

  add(connection: Connection): void {
    if (!isSink(connection) || connection.group !== undefined) return;
    connection.group = this;
    connection.groupIndex = this.members.length;
    this.members.push(connection);
  }

  delete(connection: Connection): void {
    if (!isSink(connection) || connection.group !== this) return;
    const last = this.members.pop()!;
    if (last !== connection) {
      this.members[connection.groupIndex] = last;
      last.groupIndex = connection.groupIndex;
    }
    connection.group = undefined;
    connection.groupIndex = -1;
  }

  send(data: Payload, except: Connection | undefined): void {
    const frame = frameOf(data);
    const members = this.members;
    if ((this.turn & 1) === 0) {
      // The turn's first broadcast: written at once.
      this.turn++;
      setImmediate(this.endTurn);
      for (let i = 0; i < members.length; i++) {
        const member = members[i]!;
        if (member !== except) member.writeFrame(frame);
      }
      return;
    }
    const turn = this.turn;
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      if (member === except) continue;
      if (member.corkedTurn !== turn) {
        member.corkedTurn = turn;
        member.cork();
        this.corked.push(member);
      }
      member.writeFrame(frame);
    }
  }
}

/** A Node server transport's fan-out: groups whose sends write one frame to every member's socket. */
export function createNodeFanOut(): FanOut {
  return { createGroup: () => new NodeGroup() };
}
