/**
 * The little of Bun's API the Bun servers use, typed structurally here so the package needs no
 * Bun type definitions.
 */
export interface BunSocket {
  send(data: string | Uint8Array): number;
  subscribe(topic: string): void;
  publish(topic: string, data: string | Uint8Array): number;
  close(): void;
  terminate?(): void;
}

export interface BunServer {
  readonly port: number;
  upgrade(request: Request): boolean;
  stop(closeActiveConnections?: boolean): void;
}

export interface BunGlobal {
  serve(options: {
    hostname: string;
    port: number;
    fetch(request: Request, server: BunServer): Response | undefined;
    websocket: {
      open?(ws: BunSocket): void;
      message(ws: BunSocket, data: string | Uint8Array): void;
      close?(ws: BunSocket): void;
      perMessageDeflate?: boolean;
      backpressureLimit?: number;
      closeOnBackpressureLimit?: boolean;
      maxPayloadLength?: number;
      idleTimeout?: number;
    };
  }): BunServer;
}

export function bunGlobal(): BunGlobal {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun;
  if (!bun) throw new Error("this server runs on Bun only");
  return bun;
}
