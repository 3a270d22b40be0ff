import type { Pem, TlsClientOptions, TlsServerOptions } from "@wsmp/core";

/** PEM as text: Bun's TLS options take strings. */
function pemText(value: Pem): string {
  return typeof value === "string" ? value : new TextDecoder().decode(value);
}

/** `Bun.serve`'s `tls`: the CA chain follows the leaf certificate, as sent to clients. */
export function serverTls(tls: TlsServerOptions): { key: string; cert: string } {
  const cert = tls.caChain === undefined ? pemText(tls.certificate) : `${pemText(tls.certificate)}\n${pemText(tls.caChain)}`;
  return { key: pemText(tls.key), cert };
}

/** Godot's client `TLSOptions` as the `tls` option of Bun's `WebSocket`. */
export function clientTls(tls: TlsClientOptions | undefined): { ca?: string; rejectUnauthorized?: boolean; serverName?: string } | undefined {
  if (tls === undefined) return undefined;
  const out: { ca?: string; rejectUnauthorized?: boolean; serverName?: string } = {};
  if (tls.trustedCa !== undefined) out.ca = pemText(tls.trustedCa);
  if (tls.unsafe) out.rejectUnauthorized = false;
  if (tls.commonNameOverride) out.serverName = tls.commonNameOverride;
  return out;
}
