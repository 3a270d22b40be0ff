import { checkServerIdentity, createSecureContext, type ConnectionOptions, type SecureContext } from "node:tls";
import type { Pem, TlsClientOptions, TlsServerOptions } from "@wsmp/core";
import { checkServerPem, tlsError } from "@wsmp/core/adapter";

/** PEM text as Node's TLS options take it. Bytes are copied into a Buffer (never a pooled view). */
function pem(value: Pem): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
}

/**
 * The secure context of a wss server. The CA chain is appended to the certificate, which is how
 * Node takes one chain per key: the leaf first, then the intermediates sent with it.
 */
export function serverSecureContext(tls: TlsServerOptions): SecureContext {
  const cert = tls.caChain === undefined ? pem(tls.certificate) : Buffer.concat([pem(tls.certificate), Buffer.from("\n"), pem(tls.caChain)]);
  const key = pem(tls.key);
  checkServerPem(key.toString("utf8"), cert.toString("utf8"));
  try {
    return createSecureContext({ key, cert });
  } catch (error) {
    // OpenSSL's own error (bad base64, a key that does not match the certificate...), as a WsmpError.
    throw tlsError(error);
  }
}

/** Maps Godot's client `TLSOptions` onto Node's `tls.connect` options. */
export function clientTlsOptions(tls: TlsClientOptions | undefined): ConnectionOptions {
  if (tls === undefined) return {};
  const options: ConnectionOptions = {};
  if (tls.trustedCa !== undefined) options.ca = pem(tls.trustedCa);
  if (tls.unsafe) options.rejectUnauthorized = false;
  const name = tls.commonNameOverride;
  if (name !== undefined && name !== "") {
    options.servername = name;
    options.checkServerIdentity = (_host, cert) => checkServerIdentity(name, cert);
  }
  return options;
}
