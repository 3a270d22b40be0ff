import { UnsupportedError } from "../shared/errors.js";

/** `heartbeatInterval` needs a transport that can ping: refused at once (`UnsupportedError`) when it cannot. */
export function checkHeartbeatSupported(canPing: boolean, interval: number | undefined): void {
  if (!canPing && interval !== undefined && interval !== 0) {
    throw new UnsupportedError("this transport cannot send pings, so heartbeatInterval must stay 0 (a browser page still answers a server's pings)");
  }
}
