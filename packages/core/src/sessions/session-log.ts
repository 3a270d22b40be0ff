import type { ListenResult } from "../contract/transport.js";
import { type LogRecord, logServerEvents } from "../api/event-log.js";
import type { JoinRefusal, SessionServer } from "./session-server.js";
import type { Session } from "./session.js";

/** Logs a server of sessions: its own events and every session's, each record naming its session. */
export function logSessionServerEvents(server: SessionServer, emit: (record: LogRecord) => void, now: () => number): () => void {
  const sessions = new Map<Session, () => void>();
  const watch = (session: Session): void => {
    sessions.set(session, logServerEvents(session, emit, now, session.name));
  };
  const listeners = {
    listening: (address: ListenResult) => emit({ event: "listening", address: address.address, port: address.port }),
    session_created: (session: Session) => {
      emit({ event: "session_created", session: session.name, origin: session.origin });
      watch(session);
    },
    session_closed: (name: string) => {
      for (const [session, stop] of sessions) {
        if (session.name !== name || server.getSession(name) === session) continue;
        stop();
        sessions.delete(session);
      }
      emit({ event: "session_closed", session: name });
    },
    join_refused: (info: JoinRefusal) =>
      emit({ event: "join_refused", session: info.name, path: info.path, refusal: info.refusal, status: info.status, address: info.remoteAddress, port: info.remotePort }),
    close: () => emit({ event: "close" }),
  };
  const names = Object.keys(listeners) as (keyof typeof listeners)[];
  for (const name of names) server.events.on(name, listeners[name] as never);
  for (const session of server.sessions) watch(session);
  return () => {
    for (const name of names) server.events.off(name, listeners[name] as never);
    for (const stop of sessions.values()) stop();
    sessions.clear();
  };
}
