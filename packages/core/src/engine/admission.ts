import { type AdmissionRequest, type AdmissionResult, normalizeOrigin, RefusalReason, type ServerLimits } from "../shared/server-limits.js";

/**
 * The server's admission rules before a connection becomes a peer, and the refusal counters.
 * The engine asks `atAccept` when a TCP connection arrives (or, without an accept hook, when its
 * request does), `atUpgrade` when the upgrade request is read, and `verdict` with the `admit`
 * hook's answer. The counters of connections per address are kept here too.
 */
export class Admission {
  private readonly perAddress = new Map<string, number>();
  private readonly counts: Record<RefusalReason, number> = {
    refusing: 0,
    subprotocol: 0,
    max_peers: 0,
    max_peers_per_address: 0,
    max_pending_handshakes: 0,
    origin: 0,
    admission: 0,
  };
  private total = 0;

  constructor(private readonly limits: Readonly<ServerLimits>) {}

  /** Connections refused so far, in all and by reason. */
  get refusals(): { readonly total: number; readonly byReason: Readonly<Record<RefusalReason, number>> } {
    return { total: this.total, byReason: { ...this.counts } };
  }

  countRefusal(reason: RefusalReason): void {
    this.total++;
    this.counts[reason]++;
  }

  /** A live connection from `address` (tracked until `release`). */
  track(address: string): void {
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  release(address: string): void {
    const left = (this.perAddress.get(address) ?? 1) - 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an address kept at 0 gets the same answers, it only takes memory
    if (left <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, left);
  }

  /** Why a new connection from `address` cannot even start its handshake, if it cannot. */
  atAccept(address: string, pending: number, open: number): RefusalReason | undefined {
    const { maxPendingHandshakes, maxPeersPerAddress, maxPeers } = this.limits;
    if (maxPendingHandshakes > 0 && pending >= maxPendingHandshakes) return RefusalReason.MAX_PENDING_HANDSHAKES;
    if (maxPeersPerAddress > 0 && (this.perAddress.get(address) ?? 0) >= maxPeersPerAddress) return RefusalReason.MAX_PEERS_PER_ADDRESS;
    if (maxPeers > 0 && open >= maxPeers) return RefusalReason.MAX_PEERS;
    return undefined;
  }

  /** Why an upgrade request must be refused by the built-in rules (`maxPeers`, `allowedOrigins`), if it must. */
  atUpgrade(origin: string, open: number): { readonly reason: RefusalReason; readonly text: string; readonly status?: number } | undefined {
    const { maxPeers, allowedOrigins } = this.limits;
    if (maxPeers > 0 && open >= maxPeers) return { reason: RefusalReason.MAX_PEERS, text: `${maxPeers} peers are already connected (maxPeers)` };
    if (origin !== "" && allowedOrigins.length > 0 && !allowedOrigins.includes("*") && !allowedOrigins.includes(normalizeOrigin(origin))) {
      return { reason: RefusalReason.ORIGIN, text: `origin ${JSON.stringify(origin)} is not in allowedOrigins`, status: 403 };
    }
    return undefined;
  }
}

/** The hook's answer as a refusal (`status` only when it asked for one), or undefined to admit. */
export function admissionVerdict(result: AdmissionResult): { readonly text: string; readonly status?: number } | undefined {
  if (result === undefined || result === true) return undefined;
  if (result === false) return { text: "refused by the admit hook" };
  if (result !== null && Number.isInteger(result.status) && result.status >= 400 && result.status <= 599) {
    return { text: result.reason ?? `refused by the admit hook with HTTP ${result.status}`, status: result.status };
  }
  return { text: `the admit hook answered ${JSON.stringify(result)}, which is not true, false or { status: 400-599 }`, status: 500 };
}

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

export type { AdmissionRequest };
