import type { Runtime } from "../contract/transport.js";
import type { ListenerErrorHandler } from "../shared/emitter.js";

/** The part of an `Emitter` the route uses, whatever its event map. */
export interface ErrorEventSink {
  listenerCount(name: never): number;
  dispatch(name: PropertyKey, args: readonly unknown[]): void;
}
import { ErrorCode, WsmpError } from "../shared/errors.js";

/**
 * Where the facades send an error thrown by an application's event listener, so that it never
 * propagates into the engine or the adapter's socket callback (which would leave a connection
 * half-handled or end the process):
 *
 * 1. it is wrapped in a `WsmpError` (code `WSMP_ERR_LISTENER`, the thrown value as `cause`) and
 *    emitted as `error` on the same object, when something listens for `error`;
 * 2. otherwise (or when an `error` listener throws in turn) it goes to the runtime's
 *    `reportError` (Node, Bun and the browser print it with `console.error`).
 *
 * Nothing else happens: the server keeps serving, the other listeners of the event still ran,
 * and the peer whose input led to the event is not closed (its packet was already delivered).
 */
export function routeListenerErrors(events: () => ErrorEventSink, runtime: () => Runtime): ListenerErrorHandler {
  return (error, name) => {
    const event = String(name);
    const wrapped =
      WsmpError.isInstance(error) && error.code === ErrorCode.LISTENER
        ? error
        : new WsmpError(ErrorCode.LISTENER, `the "${event}" handler threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    const emitter = events();
    if (event !== "error" && emitter.listenerCount("error" as never) > 0) emitter.dispatch("error", [wrapped]);
    else runtime().reportError?.(wrapped);
  };
}

