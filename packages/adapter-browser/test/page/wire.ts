/** What crosses `page.evaluate` between the Node-side tests and the page: plain JSON only. */

export interface PageErrorInfo {
  readonly name: string;
  readonly code: string | undefined;
  readonly godotError: number | undefined;
  readonly message: string;
}

export type PageResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PageErrorInfo };

/** The object the page puts on `window.wsmpControl`. Calls return results and never throw. */
export interface PageControl {
  /** `createClient(url, tls, options)` wrapped in a conformance `ClientHandle`; the value is a handle number. */
  startClient(url: string, tls?: unknown, options?: Record<string, unknown>): PageResult<number>;
  /** Calls one `ClientHandle` method with JSON arguments. */
  call(handle: number, method: string, args: readonly unknown[]): Promise<PageResult<unknown>>;
  /** Reads a property of the client itself (`handshakeHeaders`, `url`...). */
  get(handle: number, name: string): PageResult<unknown>;
  /** Sets a property of the client itself (`handshakeHeaders`, `outboundBufferSize`...). */
  set(handle: number, name: string, value: unknown): PageResult<null>;
  /** Calls `createServer(...args)` in the page (a browser cannot listen: always an error). */
  createServer(args: readonly unknown[]): PageResult<null>;
  /** Closes every client the page made and waits (bounded) for their sockets to close. */
  closeAll(): Promise<void>;
  /** Clients made and not yet closed by `closeAll`. */
  openClients(): number;
}
