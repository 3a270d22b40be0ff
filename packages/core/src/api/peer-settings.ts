import type { PeerOptions } from "../shared/peer-options.js";

/**
 * The six properties of Godot's WebSocketMultiplayerPeer, shared by server and client.
 * Setters validate at once (throwing `InvalidArgumentError`); new values apply to
 * connections made afterwards, and the limits apply at once to existing peers.
 */
export abstract class PeerSettings {
  protected abstract get peerOptions(): PeerOptions;
  protected abstract setPeerOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void;

  get handshakeHeaders(): string[] {
    return [...this.peerOptions.handshakeHeaders];
  }
  set handshakeHeaders(value: readonly string[]) {
    this.setPeerOption("handshakeHeaders", value);
  }

  /** Seconds. */
  get handshakeTimeout(): number {
    return this.peerOptions.handshakeTimeout;
  }
  set handshakeTimeout(value: number) {
    this.setPeerOption("handshakeTimeout", value);
  }

  get inboundBufferSize(): number {
    return this.peerOptions.inboundBufferSize;
  }
  set inboundBufferSize(value: number) {
    this.setPeerOption("inboundBufferSize", value);
  }

  get maxQueuedPackets(): number {
    return this.peerOptions.maxQueuedPackets;
  }
  set maxQueuedPackets(value: number) {
    this.setPeerOption("maxQueuedPackets", value);
  }

  get outboundBufferSize(): number {
    return this.peerOptions.outboundBufferSize;
  }
  set outboundBufferSize(value: number) {
    this.setPeerOption("outboundBufferSize", value);
  }

  get supportedProtocols(): string[] {
    return [...this.peerOptions.supportedProtocols];
  }
  set supportedProtocols(value: readonly string[]) {
    this.setPeerOption("supportedProtocols", value);
  }
}
