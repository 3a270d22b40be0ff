import type { Payload } from "@wsmp/core";
import type { Connection, FanOut, FanOutGroup } from "@wsmp/core/adapter";
import type { ServerWebSocket } from "bun";

/**
 * The Bun server's fan-out: each group is a topic, and a group send is one `publish`, which Bun
 * (uWebSockets) fans out natively and which leaves out the socket it is called on. Bun's own
 * backpressure limit is off (`backpressureLimit: 0`): the core decides who may take a message.
 *
 * What Bun does not show at once: it holds a published message of less than 16 KiB back, per
 * socket, until the end of the event-loop turn, until 32 are held for that socket, or until
 * something else is sent to it (so the order is kept), and only then writes it or adds it to the
 * socket's buffered amount. The held messages are kept once for all sockets, so they cost no
 * memory per peer; the core's room for a member counts every byte published after it measured
 * the member, so the messages held back at that moment (at most 32) are the most a member's
 * buffer can hold beyond `outboundBufferSize` (docs/adapters/authoring.md).
 */

/** A socket a group can hold: the server connection of server-connection.ts. */
export interface TopicMember extends Connection {
  readonly ws: ServerWebSocket<unknown>;
  group: BunGroup | undefined;
}

function isMember(connection: Connection | undefined): connection is TopicMember {
  return connection !== undefined && (connection as Partial<TopicMember>).ws !== undefined && "group" in connection;
}

export class BunGroup implements FanOutGroup {
  constructor(
    private readonly topic: string,
    private readonly publish: (topic: string, data: Payload) => void,
  ) {}

  add(connection: Connection): void {
    if (!isMember(connection) || connection.group !== undefined) return;
    connection.group = this;
    connection.ws.subscribe(this.topic);
  }

  delete(connection: Connection): void {
    if (!isMember(connection) || connection.group !== this) return;
    connection.group = undefined;
    // Leaving its last topic makes Bun write what it held back for the socket first.
    connection.ws.unsubscribe(this.topic);
  }

  send(data: Payload, except: Connection | undefined): void {
    const sender = isMember(except) && except.group === this ? except.ws : undefined;
    if (sender === undefined) this.publish(this.topic, data);
    else if (typeof data === "string") sender.publishText(this.topic, data);
    else sender.publishBinary(this.topic, data);
  }
}

/** A Bun server transport's fan-out; `publish` is the server's, which reaches every subscriber. */
export function createBunFanOut(publish: (topic: string, data: Payload) => void): FanOut {
  let groups = 0;
  return { createGroup: () => new BunGroup(`wsmp.fan-out.${++groups}`, publish) };
}
