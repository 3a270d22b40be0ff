import type { ClientDialectFactory, DialectName, ServerDialectFactory } from "../engine/dialect-contract.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { createGodot3Client, createGodot3Server } from "../dialects/godot3-dialect.js";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { createRawClient, createRawServer } from "../dialects/raw-dialect.js";
import type { SceneClientOptions, SceneServerOptions } from "../dialects/scene/scene-options.js";
import { createSceneClient } from "../dialects/scene/scene-client-dialect.js";
import { createSceneServer } from "../dialects/scene/scene-server-dialect.js";

/** A built-in dialect by name, or a factory of one's own. */
export type DialectChoice<F> = DialectName | F;

/** The built-in dialects by name. Each entry pairs the server and client side of one protocol. */
const BUILT_IN: Readonly<Record<DialectName, { server: ServerDialectFactory; client: ClientDialectFactory }>> = {
  godot4: { server: createGodot4Server, client: createGodot4Client },
  godot3: { server: createGodot3Server, client: createGodot3Client },
  raw: { server: createRawServer, client: createRawClient },
};

function builtIn(choice: string): { server: ServerDialectFactory; client: ClientDialectFactory } {
  const entry = Object.hasOwn(BUILT_IN, choice) ? BUILT_IN[choice as DialectName] : undefined;
  if (!entry) throw new InvalidArgumentError(`unknown dialect "${choice}": use "godot4", "godot3", "raw" or a dialect factory`);
  return entry;
}

/** The scene option runs on the godot4 wire protocol only. */
function checkSceneBase(choice: unknown): void {
  if (choice !== undefined && choice !== "godot4") {
    throw new InvalidArgumentError(`the scene option runs on the "godot4" dialect, not ${typeof choice === "string" ? `"${choice}"` : "a custom dialect"}`);
  }
}

/** The server dialect for `{ dialect, scene }`: godot4 by default, SceneMultiplayer on top when `scene` is set. */
export function resolveServerDialect(choice: DialectChoice<ServerDialectFactory> | undefined, scene?: true | SceneServerOptions): ServerDialectFactory {
  if (scene) {
    checkSceneBase(choice);
    return createSceneServer(scene);
  }
  if (choice === undefined) return createGodot4Server;
  return typeof choice === "function" ? choice : builtIn(choice).server;
}

/** The client dialect for `{ dialect, scene }`. */
export function resolveClientDialect(choice: DialectChoice<ClientDialectFactory> | undefined, scene?: true | SceneClientOptions): ClientDialectFactory {
  if (scene) {
    checkSceneBase(choice);
    return createSceneClient(scene);
  }
  if (choice === undefined) return createGodot4Client;
  return typeof choice === "function" ? choice : builtIn(choice).client;
}
