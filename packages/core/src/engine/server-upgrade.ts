import type { UpgradeDecision, UpgradeRequest } from "../contract/connection.js";
import { negotiateSubprotocol, type PeerOptions, parseHeaderLine } from "../shared/peer-options.js";
import { type AdmissionResult, RefusalReason, type ServerLimits } from "../shared/server-limits.js";
import { type Admission, admissionVerdict, isPromiseLike } from "./admission.js";
import type { ServerPeerRecord } from "./server-engine-events.js";

/** What the upgrade decision needs from the server engine. */
export interface UpgradeContext {
  readonly options: PeerOptions;
  readonly limits: ServerLimits;
  readonly admission: Admission;
  /** `refuseNewConnections` is on. */
  refusing(): boolean;
  /** Open connections now (the `maxPeers` cap). */
  openCount(): number;
  /** Ends a pending record that will never become a peer, counts the refusal and reports it. */
  refuse(record: ServerPeerRecord, reason: RefusalReason, text: string): void;
  /** The `admit` hook threw or rejected. */
  hookError(error: unknown): void;
}

/**
 * Decides an upgrade request of a pending connection: `refuseNewConnections`, the built-in
 * admission rules (`maxPeers`, `allowedOrigins`), the subprotocol, then the application's `admit`
 * hook, which may answer later (the connection may have timed out or gone meanwhile).
 */
export function decideUpgrade(
  ctx: UpgradeContext,
  record: ServerPeerRecord,
  offered: readonly string[],
  headers: Readonly<Record<string, string>>,
  request: UpgradeRequest | undefined,
): UpgradeDecision | Promise<UpgradeDecision> {
  if (record.state !== "pending") return { accept: false, reason: "connection is no longer pending" };
  const protocol = negotiateSubprotocol(offered, ctx.options.supportedProtocols);
  const rule = ctx.refusing()
    ? { reason: RefusalReason.REFUSING, text: "the server refuses new connections" }
    : (ctx.admission.atUpgrade(headers["origin"] ?? "", ctx.openCount()) ??
      (protocol === null
        ? {
            reason: RefusalReason.SUBPROTOCOL,
            text: `no common subprotocol (offered: ${offered.join(",") || "none"}; supported: ${ctx.options.supportedProtocols.join(",") || "none"})`,
          }
        : undefined));
  if (rule !== undefined || protocol === null) return refuse(ctx, record, rule!.reason, rule!.text, "status" in rule! ? rule.status : undefined);
  const hook = ctx.limits.admit;
  if (!hook) return accept(ctx, protocol);
  let result: AdmissionResult | PromiseLike<AdmissionResult>;
  try {
    result = hook({
      remoteAddress: record.socket.remoteAddress,
      remotePort: record.socket.remotePort,
      path: request?.path ?? "/",
      origin: headers["origin"] ?? "",
      headers,
      protocols: offered,
    });
  } catch (error) {
    return hookFailed(ctx, record, error);
  }
  if (!isPromiseLike<AdmissionResult>(result)) return answered(ctx, record, result, protocol);
  return Promise.resolve(result).then(
    (answer) => answered(ctx, record, answer, protocol),
    (error: unknown) => hookFailed(ctx, record, error),
  );
}

/** The `admit` hook answered (perhaps later: the connection may have timed out meanwhile). */
function answered(ctx: UpgradeContext, record: ServerPeerRecord, answer: AdmissionResult, protocol: string): UpgradeDecision {
  if (record.state !== "pending") return { accept: false, reason: "the handshake ended while the admit hook ran" };
  const verdict = admissionVerdict(answer);
  return verdict ? refuse(ctx, record, RefusalReason.ADMISSION, verdict.text, verdict.status) : accept(ctx, protocol);
}

function hookFailed(ctx: UpgradeContext, record: ServerPeerRecord, error: unknown): UpgradeDecision {
  ctx.hookError(error);
  if (record.state !== "pending") return { accept: false, reason: "the admit hook failed" };
  return refuse(ctx, record, RefusalReason.ADMISSION, "the admit hook threw", 500);
}

function accept(ctx: UpgradeContext, protocol: string): UpgradeDecision {
  return { accept: true, protocol, headers: ctx.options.handshakeHeaders.map(parseHeaderLine) };
}

/** The connection never becomes a peer. The adapter answers the request (or drops it) and closes the socket. */
function refuse(ctx: UpgradeContext, record: ServerPeerRecord, reason: RefusalReason, text: string, status: number | undefined): UpgradeDecision {
  ctx.refuse(record, reason, text);
  return { accept: false, reason: text, status };
}
