import type { Wire } from "../servers/catalog.js";

/** Messages between the runner and the load generator process (over the fork IPC channel). */
export type LoadCommand =
  | { readonly cmd: "connect"; readonly group: string; readonly url: string | readonly string[]; readonly wire: Wire; readonly count: number; readonly concurrency: number; readonly timeoutMs: number }
  | { readonly cmd: "relay"; readonly group: string; readonly serverPid: number | readonly number[]; readonly hz: number; readonly warmupMs: number; readonly measureMs: number; readonly drainMaxMs: number }
  | { readonly cmd: "echo"; readonly group: string; readonly serverPid: number; readonly warmupMs: number; readonly measureMs: number }
  | { readonly cmd: "close"; readonly group: string };

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
