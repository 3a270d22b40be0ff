import { UnsupportedError, type TlsClientOptions } from "@wsmp/core";

/**
 * What the browser WebSocket cannot do. Each check throws `UnsupportedError`
 * (code WSMP_ERR_UNSUPPORTED, Godot error ERR_UNAVAILABLE) before anything is opened.
 */

export function unsupportedListen(): UnsupportedError {
  return new UnsupportedError(
    "a browser cannot listen for WebSocket connections: run the server with @wsmp/adapter-node or @wsmp/adapter-bun and connect to it with createClient",
  );
}

export function checkBrowserHeaders(headers: readonly unknown[] | undefined): void {
  if (headers !== undefined && headers.length > 0) {
    throw new UnsupportedError("a browser WebSocket cannot send custom handshake headers: leave handshakeHeaders empty (cookies and the Origin header are sent by the browser itself)");
  }
}

/**
 * The browser checks certificates against its own trust store and the URL's host name; a page
 * can neither add a CA, override the name nor skip the check. `TLSOptions.client()` with no
 * arguments is accepted, since it asks for exactly what the browser does.
 */
export function checkBrowserTls(tls: TlsClientOptions | undefined): void {
  if (tls === undefined || tls.kind !== "client") return;
  const asked: string[] = [];
  if (tls.trustedCa !== undefined) asked.push("a trusted CA");
  if (tls.commonNameOverride !== undefined) asked.push("a common name override");
  if (tls.unsafe === true) asked.push("unsafe (unchecked) TLS");
  if (asked.length > 0) {
    throw new UnsupportedError(`a browser WebSocket cannot use ${asked.join(", ")}: the browser checks wss:// certificates against its own trust store`);
  }
}
