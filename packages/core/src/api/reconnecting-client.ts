import type { Runtime } from "../contract/transport.js";
import type { CloseInfo } from "../engine/server-engine-events.js";
import { Emitter } from "../shared/emitter.js";
import { ErrorCode, InvalidArgumentError, WsmpError } from "../shared/errors.js";
import { routeListenerErrors } from "./listener-errors.js";
import type { MultiplayerClient } from "./multiplayer-client.js";

/**
 * When and how often a `ReconnectingClient` tries again. Delays grow from `initialDelay` by
 * `factor` per failed attempt up to `maxDelay`; each is shortened by a random part of up to
 * `jitter` of itself, so that clients dropped together do not all return at once.
 */
export interface ReconnectOptions {
  /** Seconds before the first new attempt after a drop (default 0.5). */
  readonly initialDelay?: number | undefined;
  /** Longest wait between attempts, in seconds (default 30). */
  readonly maxDelay?: number | undefined;
  /** Growth of the delay per failed attempt (default 2). */
  readonly factor?: number | undefined;
  /** Share of each delay drawn at random, 0 to 1 (default 0.5). */
  readonly jitter?: number | undefined;
  /** Failed attempts in a row after which it gives up (`gave_up`); 0, the default, never gives up. */
  readonly maxAttempts?: number | undefined;
  /**
   * Whether to try again after this close (`info.code` is what the server sent, 1006 for a drop,
   * -1 when the socket never opened). Default: always. A close this side asked for never retries.
   */
  readonly retry?: ((info: CloseInfo) => boolean) | undefined;
}

export interface ReconnectingClientEvents {
  /** A new connection attempt started with a new client: attach its listeners and declare its RPC nodes here. */
  client: (client: MultiplayerClient, attempt: number) => void;
  /** The current client got its id: a new peer each time, as in Godot (the server sees a join). */
  connected: (id: number, client: MultiplayerClient) => void;
  /** The current client closed or failed; `retryIn` is the wait in ms before the next attempt, undefined when none follows. */
  disconnected: (info: CloseInfo, retryIn: number | undefined) => void;
  /** `maxAttempts` attempts in a row failed; no more follow. */
  gave_up: (attempts: number) => void;
  /** A listener threw (code WSMP_ERR_LISTENER). */
  error: (error: unknown) => void;
}

interface Backoff {
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxAttempts: number;
}

function checkBackoff(options: ReconnectOptions): Backoff {
  const seconds = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const v = value ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw new InvalidArgumentError(`reconnect ${name} must be a number >= ${min}, got ${String(v)}`);
    return v;
  };
  const jitter = seconds("jitter", options.jitter, 0.5, 0);
  if (jitter > 1) throw new InvalidArgumentError(`reconnect jitter must be in [0, 1], got ${jitter}`);
  const maxAttempts = options.maxAttempts ?? 0;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 0) throw new InvalidArgumentError(`reconnect maxAttempts must be an integer >= 0, got ${String(maxAttempts)}`);
  return { initialDelay: seconds("initialDelay", options.initialDelay, 0.5, 0), maxDelay: seconds("maxDelay", options.maxDelay, 30, 0), factor: seconds("factor", options.factor, 2, 1), jitter, maxAttempts };
}

/** Milliseconds before attempt `failures + 1` (`failures` failed in a row), given a random number in [0, 1). */
export function reconnectDelay(backoff: Backoff, failures: number, random: number): number {
  const base = Math.min(backoff.maxDelay, backoff.initialDelay * backoff.factor ** Math.max(0, failures - 1));
  return Math.round(base * 1000 * (1 - backoff.jitter * random));
}

/**
 * A client that opens a new connection when its connection ends, with exponential backoff. Each
 * connection is a new `MultiplayerClient`, so each one is a new peer with a new id, exactly as a
 * Godot game that calls `create_client` again: the server and the other peers see a leave and a
 * join. Listen to `client` to set up each one. Opt-in: `createClient` never reconnects.
 */
export class ReconnectingClient {
  readonly events: Emitter<ReconnectingClientEvents> = new Emitter<ReconnectingClientEvents>(routeListenerErrors(() => this.events, () => this.runtime));
  private readonly backoff: Backoff;
  private current: MultiplayerClient | undefined;
  private failures = 0;
  private attempts = 0;
  private stopped = false;
  private cancelTimer: (() => void) | undefined;
  private firstId: Promise<number> | undefined;
  private abandonFirst: ((error: WsmpError) => void) | undefined;

  constructor(
    private readonly open: () => MultiplayerClient,
    private readonly runtime: Runtime,
    private readonly options: ReconnectOptions = {},
  ) {
    this.backoff = checkBackoff(options);
    if (options.retry !== undefined && typeof options.retry !== "function") throw new InvalidArgumentError("reconnect retry must be a function");
  }

  /** The client of the current connection (or attempt), undefined before the first and after `close()`. */
  get client(): MultiplayerClient | undefined {
    return this.current;
  }

  /** Connection attempts so far, the first one included. */
  get attemptCount(): number {
    return this.attempts;
  }

  /** Starts (idempotent) and resolves with the first id; rejects if it gives up or is closed first. Adapters' `createReconnectingClient` calls it at once. */
  connect(): Promise<number> {
    this.firstId ??= new Promise<number>((resolve, reject) => {
      const done = (): void => {
        this.abandonFirst = undefined;
        this.events.off("connected", onConnected);
        this.events.off("gave_up", onGaveUp);
      };
      this.abandonFirst = (error) => {
        done();
        reject(error);
      };
      const onConnected = (id: number): void => {
        done();
        resolve(id);
      };
      const onGaveUp = (attempts: number): void => {
        done();
        reject(new WsmpError(ErrorCode.ABORTED, `gave up reconnecting after ${attempts} failed attempts`));
      };
      this.events.on("connected", onConnected);
      this.events.on("gave_up", onGaveUp);
      if (this.stopped) this.abandonFirst(new WsmpError(ErrorCode.ABORTED, "the reconnecting client was closed before it connected"));
      // The first attempt starts on the next microtask, so listeners attached right after creation see its `client`.
      else
        void Promise.resolve().then(() => {
          if (!this.current && !this.stopped) this.attempt();
        });
    });
    return this.firstId;
  }

  /** Stops reconnecting and closes the current connection (`disconnect(code, reason)`); resolves once its socket is closed. */
  async close(code = 1000, reason = ""): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const client = this.current;
    this.current = undefined;
    this.abandonFirst?.(new WsmpError(ErrorCode.ABORTED, "the reconnecting client was closed before it connected"));
    if (!client) return;
    client.disconnect(code, reason);
    await client.whenClosed;
  }

  on<K extends keyof ReconnectingClientEvents>(name: K, listener: ReconnectingClientEvents[K]): this {
    this.events.on(name, listener);
    return this;
  }

  off<K extends keyof ReconnectingClientEvents>(name: K, listener: ReconnectingClientEvents[K]): this {
    this.events.off(name, listener);
    return this;
  }

  private attempt(): void {
    this.cancelTimer = undefined;
    if (this.stopped) return;
    this.attempts++;
    const client = this.open();
    this.current = client;
    let connected = false;
    this.events.emit("client", client, this.attempts);
    client.connect().then(
      (id) => {
        if (this.current !== client) return;
        connected = true;
        this.failures = 0;
        this.events.emit("connected", id, client);
      },
      () => undefined, // reported below through whenClosed
    );
    void client.whenClosed.then((info) => {
      if (this.current !== client || this.stopped) return;
      if (!connected) this.failures++;
      const again = this.options.retry ? this.options.retry(info) : true;
      const exhausted = this.backoff.maxAttempts > 0 && this.failures >= this.backoff.maxAttempts;
      if (!again || exhausted) {
        this.stopped = true;
        this.current = undefined;
        this.events.emit("disconnected", info, undefined);
        this.events.emit("gave_up", this.attempts);
        return;
      }
      const random = this.runtime.random(new Uint32Array(1))[0]! / 2 ** 32;
      const delay = reconnectDelay(this.backoff, Math.max(1, this.failures), random);
      this.events.emit("disconnected", info, delay);
      this.cancelTimer = this.runtime.setTimer(delay, () => this.attempt());
    });
  }
}
