/** PEM text or its bytes. */
export type Pem = string | Uint8Array;

/** Godot's `TLSOptions.server(key, certificate)`, plus Godot 3's CA chain. */
export interface TlsServerOptions {
  readonly kind: "server";
  readonly key: Pem;
  readonly certificate: Pem;
  /** Extra CA certificates sent with the server certificate. */
  readonly caChain?: Pem | undefined;
}

/** Godot's `TLSOptions.client(trusted_chain, common_name_override)` and `TLSOptions.client_unsafe()`. */
export interface TlsClientOptions {
  readonly kind: "client";
  /** CA certificates to trust instead of the runtime's default store. */
  readonly trustedCa?: Pem | undefined;
  /** Host name to check the certificate against instead of the URL's host. */
  readonly commonNameOverride?: string | undefined;
  /** Skip every certificate check. For development only. */
  readonly unsafe?: boolean | undefined;
}

export type TlsOptions = TlsServerOptions | TlsClientOptions;

/** Builders named after Godot's `TLSOptions`. */
export const TLSOptions = {
  server(key: Pem, certificate: Pem, caChain?: Pem): TlsServerOptions {
    return { kind: "server", key, certificate, caChain };
  },
  client(trustedCa?: Pem, commonNameOverride?: string): TlsClientOptions {
    return { kind: "client", trustedCa, commonNameOverride };
  },
  clientUnsafe(trustedCa?: Pem): TlsClientOptions {
    return { kind: "client", trustedCa, unsafe: true };
  },
} as const;
