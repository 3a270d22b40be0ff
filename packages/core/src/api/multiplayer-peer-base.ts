import type { Payload } from "../shared/bytes.js";
import { GodotError, SERVER_PEER_ID, TransferMode } from "../shared/constants.js";
import { DeadlineTimer } from "./deadline-timer.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { Emitter, type EventMap } from "../shared/emitter.js";
import type { Packet } from "../engine/inbound-queue.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { checkPayload, PacketReader, type PacketSource } from "./packet-reader.js";
import { PeerSettings } from "./peer-settings.js";
import type { ProtocolErrorInfo } from "../engine/server-engine.js";
import type { Runtime } from "../contract/transport.js";

/** The part of a server or client engine that both facades drive the same way. */
export interface FacadeEngine extends PacketSource {
  readonly options: PeerOptions;
  readonly dialect: { readonly packetApi: boolean; maxPacketSize(): number };
  readonly droppedPacketCount: number;
  setOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void;
  tick(now: number): number | undefined;
  put(target: number, data: Payload): GodotError;
  peekSource(): number | undefined;
  peerIds(): number[];
  getUniqueId(): number;
}

/** The events every facade has; a `packet` listener switches it to push mode. */
interface SharedEvents {
  packet: (packet: Packet) => void;
  packet_dropped: (info: DropInfo) => void;
  protocol_error: (info: ProtocolErrorInfo) => void;
}
export type FacadeEvents = EventMap & SharedEvents;

/** Engine events both facades pass on the same way. */
export type SharedEngineEvent =
  | { readonly type: "packet_available" }
  | { readonly type: "packet_dropped"; readonly info: DropInfo }
  | { readonly type: "protocol_error"; readonly info: ProtocolErrorInfo }
  | { readonly type: "signal"; readonly name: string; readonly args: readonly unknown[] };

/**
 * What `MultiplayerServer` and `MultiplayerClient` share: the typed events, the packet reader
 * (pull, push, `for await`), the deadline timer, and the Godot `MultiplayerPeer` methods that
 * behave the same on both sides.
 */
export abstract class MultiplayerPeerBase<E extends FacadeEvents, G extends FacadeEngine>
  extends PeerSettings
  implements AsyncIterable<Packet>
{
  readonly events = new Emitter<E>();
  /** Godot's `target_peer`: where `putPacket` sends. */
  abstract targetPeer: number;
  /** Godot's `transfer_channel`; WebSocket has one ordered channel, so it is kept but not used. */
  transferChannel = 0;
  /** Godot's `transfer_mode`; always reliable over WebSocket. */
  readonly transferMode = TransferMode.RELIABLE;
  protected abstract readonly engine: G;
  protected readonly timer: DeadlineTimer;
  private packetReader: PacketReader | undefined;

  constructor(protected readonly runtime: Runtime) {
    super();
    this.timer = new DeadlineTimer(runtime, (now) => this.engine.tick(now));
  }

  /** Created on first use, once the subclass has its engine. */
  protected get reader(): PacketReader {
    this.packetReader ??= new PacketReader(
      this.engine,
      () => this.events.listenerCount("packet") > 0,
      (packet) => this.shared.emit("packet", packet),
    );
    return this.packetReader;
  }

  /** `events`, seen through the names every facade has. */
  private get shared(): Emitter<FacadeEvents> {
    return this.events as unknown as Emitter<FacadeEvents>;
  }

  /** Passes on an engine event whose handling does not depend on the side. */
  protected onSharedEvent(event: SharedEngineEvent): void {
    switch (event.type) {
      case "packet_available":
        this.reader.available();
        break;
      case "packet_dropped":
        this.shared.emit("packet_dropped", event.info);
        break;
      case "protocol_error":
        this.shared.emit("protocol_error", event.info);
        break;
      case "signal":
        (this.shared.emit as (name: string, ...args: unknown[]) => void)(event.name, ...event.args);
        break;
    }
  }

  protected get peerOptions(): PeerOptions {
    return this.engine.options;
  }

  protected setPeerOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void {
    this.engine.setOption(key, value);
  }

  // ---- idiomatic face ----------------------------------------------------------------------

  on<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.on(name, listener);
    if (name === "packet") this.reader.available();
    return this;
  }

  once<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.once(name, listener);
    if (name === "packet") this.reader.available();
    return this;
  }

  off<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.off(name, listener);
    return this;
  }

  /** Pops the oldest packet with its sender, or `undefined`. */
  receive(): Packet | undefined {
    return this.reader.receive();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Packet> {
    return this.reader.iterate();
  }

  /** Ids of the peers this side knows, in the order they joined. */
  get peers(): number[] {
    return this.engine.peerIds();
  }

  /** Packets dropped so far (inbound queue full, outbound buffer full, dialect drops). */
  get droppedPacketCount(): number {
    return this.engine.droppedPacketCount;
  }

  // ---- Godot face --------------------------------------------------------------------------

  /** Runs due timers (handshake and close deadlines). Socket events are handled as they arrive. */
  poll(): GodotError {
    const next = this.engine.tick(this.runtime.now());
    if (next !== undefined) this.timer.wake(next);
    return GodotError.OK;
  }

  putPacket(data: Payload | ArrayBuffer): GodotError {
    return this.engine.put(this.targetPeer, checkPayload(data, "putPacket"));
  }

  setTargetPeer(id: number): void {
    this.targetPeer = id;
  }

  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  wasStringPacket(): boolean {
    return this.reader.wasStringPacket();
  }

  getAvailablePacketCount(): number {
    return this.engine.dialect.packetApi ? this.engine.availablePackets : 0;
  }

  /** Source of the oldest queued packet; 1 when the queue is empty (as Godot). */
  getPacketPeer(): number {
    return this.engine.peekSource() ?? SERVER_PEER_ID;
  }

  getPacketChannel(): number {
    return 0;
  }

  getPacketMode(): TransferMode {
    return TransferMode.RELIABLE;
  }

  getUniqueId(): number {
    return this.engine.getUniqueId();
  }

  isServerRelaySupported(): boolean {
    return true;
  }

  getMaxPacketSize(): number {
    return this.engine.dialect.maxPacketSize();
  }
}
