import type { Payload } from "@wsmp/core";
import type { Connection, FanOut, FanOutGroup } from "@wsmp/core/adapter";

/**
 * The frames a Node server writes itself, and its fan-out. A server frame is not masked, so one
 * frame (header and payload in one Buffer) can be written to any number of sockets as it is: a
 * broadcast builds it once and writes the same bytes to every member's socket, where `ws` would
 * build and write a frame per socket. `ws` still reads every frame and writes the control frames
 * (close, ping, pong); with permessage-deflate off and no Blob sent, its sender never holds data
 * back, so these writes and its own stay in the order they were made.
 */

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
  /** Its place in the group it is a member of, -1 when it is in none. */
  groupIndex: number;
  group: FanOutGroup | undefined;
}

function isSink(connection: Connection): connection is FrameSink {
  return typeof (connection as Partial<FrameSink>).writeFrame === "function";
}

class NodeGroup implements FanOutGroup {
  private readonly members: FrameSink[] = [];

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
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      if (member !== except) member.writeFrame(frame);
    }
  }
}

/** A Node server transport's fan-out: groups whose sends write one frame to every member's socket. */
export function createNodeFanOut(): FanOut {
  return { createGroup: () => new NodeGroup() };
}
