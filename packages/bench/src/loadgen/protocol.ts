import type { Wire } from "../servers/catalog.js";

/** Messages between the runner and the load generator process (over the fork IPC channel). */
export type LoadCommand =
  | { readonly cmd: "connect"; readonly group: string; readonly url: string | readonly string[]; readonly wire: Wire; readonly count: number; readonly concurrency: number; readonly timeoutMs: number }
  | { readonly cmd: "relay"; readonly group: string; readonly serverPid: number | readonly number[]; readonly hz: number; readonly warmupMs: number; readonly measureMs: number; readonly drainMaxMs: number }
  | { readonly cmd: "echo"; readonly group: string; readonly serverPid: number; readonly warmupMs: number; readonly measureMs: number }
  | { readonly cmd: "close"; readonly group: string }
  | ({ readonly cmd: "soak" } & SoakCommand);

/** Bytes of each message the soak's flooder sends: the largest the server takes (its inboundBufferSize). */
export const FLOOD_MESSAGE = 65_535;

/** The soak: `peers` peers at `hz` for `seconds`, a `churn` fraction of them leaving and rejoining every second, and a flooder. */
export interface SoakCommand {
  readonly url: string;
  readonly serverPid: number;
  readonly peers: number;
  readonly hz: number;
  readonly seconds: number;
  readonly churn: number;
  readonly flooder: boolean;
}

export interface SoakResult {
  /** Peers connected for the whole run, and their packets (each echoed back by the server). */
  readonly stayers: number;
  readonly sent: number;
  readonly received: number;
  /** Echoes that arrived out of sequence (a gap or a reordering). */
  readonly outOfOrder: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Churn: joins and leaves done, joins that failed. */
  readonly joins: number;
  readonly leaves: number;
  readonly failedJoins: number;
  /** Flooder connections made, and how many the server closed (rate limit: 1008). */
  readonly flooderConnections: number;
  readonly flooderClosedByServer: number;
  /** Server RSS after the warm-up (a tenth of the run), half-way, at the end, and its maximum (bytes). */
  readonly rssStart: number;
  readonly rssHalf: number;
  readonly rssEnd: number;
  readonly rssMax: number;
  /** RSS every ten seconds (bytes), to tell a plateau from a steady climb. */
  readonly rssTrace: readonly number[];
  readonly serverCpuUs: number;
  readonly loadgenCpu: number;
  readonly wallMs: number;
}

export interface ConnectResult {
  readonly connected: number;
  readonly failed: number;
  /** Wall time from the first connect to the last peer being ready. */
  readonly ms: number;
  readonly firstError?: string | undefined;
}

export interface WindowCommon {
  /** Wall time the server CPU and load generator CPU were measured over. */
  readonly wallMs: number;
  readonly serverCpuUs: number;
  readonly serverRss: number;
  /** CPU of the load generator over the same interval, as a fraction of one core. */
  readonly loadgenCpu: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

export interface RelayResult extends WindowCommon {
  readonly sent: number;
  readonly offered: number;
  readonly delivered: number;
  /** Packets per second actually sent during the measured window, per client. */
  readonly sendHz: number;
  /** False when the drain hit its cap with messages still arriving. */
  readonly quiet: boolean;
}

export interface EchoResult extends WindowCommon {
  readonly roundTrips: number;
  readonly measureMs: number;
}

export type LoadReply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: string };
