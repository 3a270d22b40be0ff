import type { MultiplayerServer, Session, SessionServer } from "@wsmp/core";
import type { OptionValues } from "./parse-options.js";

/** Passes each message of a raw-mode server (Godot 3's gd_mp_api = false) to every other peer, text as text. Returns a stop function. */
function forward(server: MultiplayerServer): () => void {
  const onData = (id: number): void => {
    const peer = server.getPeer(id);
    while (peer && peer.getAvailablePacketCount() > 0) {
      const data = peer.getPacket()!;
      const message = peer.wasStringPacket() ? new TextDecoder().decode(data) : data;
      for (const other of server.peers) if (other !== id) server.getPeer(other)?.send(message);
    }
  };
  server.events.on("data_received", onData);
  return () => server.events.off("data_received", onData);
}

/**
 * The raw dialect has no relay of its own (the wire has no peer ids): with `--relay godot` (the
 * default) the relay passes every message on to the other peers of its server or session.
 */
export function relayRaw(server: MultiplayerServer | SessionServer, values: OptionValues): () => void {
  if (values["dialect"] !== "raw" || values["relay"] === "off") return () => undefined;
  if (!("listSessions" in server)) return forward(server);
  const stops: (() => void)[] = [];
  const add = (session: Session): void => void stops.push(forward(session));
  server.events.on("session_created", add);
  for (const session of server.sessions) add(session);
  return () => {
    server.events.off("session_created", add);
    for (const stop of stops.splice(0)) stop();
  };
}
