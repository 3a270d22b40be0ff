/**
 * Turns the replication packets a Godot 4 peer sends (SPAWN, DESPAWN, SYNC, delta SYNC) into
 * events, so a TypeScript peer can see replicated state. It watches only: nothing is answered.
 *
 * Per sender it remembers what it spawned (net id -> name and spawner, synchronizer net id ->
 * node) so sync records can name their node; at most `REPLICATION_NODE_LIMIT` spawned nodes each.
 * A synchronizer on a node that exists everywhere is named `0x80000000 | path cache id`: its
 * records carry the synchronizer's path (they only come once this side confirmed that path, so
 * declare it with `node(path, {})`).
 */
import { ErrorCode } from "../../shared/errors.js";
import type { GodotValue } from "../variant/godot-value.js";
import { decodeDespawn, decodeSpawn, decodeSync, ReplicationCommand } from "./replication-codec.js";
import { rpcError } from "./rpc-registry.js";
import { PATH_FLAG } from "./rpc-wire.js";

/** Spawned nodes one peer may have alive in the watch; past it SPAWN is reported but not remembered. */
export const REPLICATION_NODE_LIMIT = 16384;

export const ReplicationEventName = {
  SPAWNED: "spawned",
  DESPAWNED: "despawned",
  SYNCHRONIZED: "synchronized",
  DELTA_SYNCHRONIZED: "delta_synchronized",
} as const;

export interface SpawnEvent {
  readonly from: number;
  /** The MultiplayerSpawner's path (undefined if its SIMPLIFY_PATH never arrived). */
  readonly spawner: string | undefined;
  /** Index in the spawner's spawnable scenes; 255 for a custom spawn (`spawn_function`). */
  readonly sceneIndex: number;
  readonly netId: number;
  readonly name: string;
  /** Net ids of the node's synchronizers. */
  readonly syncNetIds: readonly number[];
  /** A custom spawn's `spawn(data)` argument. */
  readonly customData?: GodotValue | undefined;
  /** The spawn-state properties, in the synchronizer's order. */
  readonly state: readonly GodotValue[];
}

export interface DespawnEvent {
  readonly from: number;
  readonly netId: number;
  /** Name and spawner of the node, if its SPAWN was seen. */
  readonly name?: string | undefined;
  readonly spawner?: string | undefined;
}

export interface SyncEvent {
  readonly from: number;
  /** The synchronizer's net id. */
  readonly netId: number;
  /** The sender's frame counter (full syncs only). */
  readonly time?: number | undefined;
  /** Delta syncs: which "on change" properties follow (bit i = the i-th one). */
  readonly mask?: bigint | undefined;
  /** A synchronizer on a node that exists everywhere: its path. */
  readonly path?: string | undefined;
  /** A synchronizer of a spawned node: that node's name. */
  readonly name?: string | undefined;
  readonly values: readonly GodotValue[];
}

interface Spawned {
  readonly name: string;
  readonly spawner: string | undefined;
  readonly syncNetIds: readonly number[];
}

interface PeerState {
  readonly nodes: Map<number, Spawned>;
  /** Synchronizer net id -> its node's net id. */
  readonly syncs: Map<number, number>;
}

type Signal = (name: string, ...args: unknown[]) => void;

export class ReplicationWatch {
  private readonly peers = new Map<number, PeerState>();

  constructor(
    private readonly signal: Signal,
    /** The sender's path for one of its cache ids. */
    private readonly pathOf: (from: number, id: number) => string | undefined,
  ) {}

  receive(from: number, packet: Uint8Array): void {
    const command = packet[0]! & 7;
    if (command === ReplicationCommand.SPAWN) this.spawn(from, packet);
    else if (command === ReplicationCommand.DESPAWN) this.despawn(from, packet);
    else if (command === ReplicationCommand.SYNC) this.sync(from, packet);
  }

  peerLeft(id: number): void {
    this.peers.delete(id);
  }

  reset(): void {
    this.peers.clear();
  }

  private state(from: number): PeerState {
    let state = this.peers.get(from);
    if (!state) this.peers.set(from, (state = { nodes: new Map(), syncs: new Map() }));
    return state;
  }

  private malformed(from: number, message: string): void {
    rpcError(this.signal, { code: ErrorCode.RPC_MALFORMED, from, message });
  }

  private spawn(from: number, packet: Uint8Array): void {
    const spawn = decodeSpawn(packet);
    if (!spawn.ok) return this.malformed(from, spawn.reason);
    const spawner = this.pathOf(from, spawn.spawnerId);
    const state = this.state(from);
    if (state.nodes.size < REPLICATION_NODE_LIMIT) {
      state.nodes.set(spawn.netId, { name: spawn.name, spawner, syncNetIds: spawn.syncNetIds });
      for (const sync of spawn.syncNetIds) state.syncs.set(sync, spawn.netId);
    }
    const event: SpawnEvent = { from, spawner, sceneIndex: spawn.sceneIndex, netId: spawn.netId, name: spawn.name, syncNetIds: spawn.syncNetIds, customData: spawn.customData, state: spawn.state };
    this.signal(ReplicationEventName.SPAWNED, event);
  }

  private despawn(from: number, packet: Uint8Array): void {
    const despawn = decodeDespawn(packet);
    if (!despawn.ok) return this.malformed(from, despawn.reason);
    const state = this.peers.get(from);
    const node = state?.nodes.get(despawn.netId);
    if (state && node) {
      state.nodes.delete(despawn.netId);
      for (const sync of node.syncNetIds) state.syncs.delete(sync);
    }
    const event: DespawnEvent = { from, netId: despawn.netId, name: node?.name, spawner: node?.spawner };
    this.signal(ReplicationEventName.DESPAWNED, event);
  }

  private sync(from: number, packet: Uint8Array): void {
    const sync = decodeSync(packet);
    if (!sync.ok) return this.malformed(from, sync.reason);
    const state = this.peers.get(from);
    for (const record of sync.records) {
      const id = record.netId;
      const path = id >= PATH_FLAG ? this.pathOf(from, id - PATH_FLAG) : undefined;
      const owner = state?.syncs.get(id);
      const name = owner === undefined ? undefined : state?.nodes.get(owner)?.name;
      const event: SyncEvent = { from, netId: id, time: sync.time, mask: record.mask, path, name, values: record.values };
      this.signal(sync.delta ? ReplicationEventName.DELTA_SYNCHRONIZED : ReplicationEventName.SYNCHRONIZED, event);
    }
  }
}
