import type { ClientDialectFactory, ServerDialectFactory } from "../dialect.js";
import type { DialectChoice } from "../dialects/index.js";
import { InvalidArgumentError } from "../errors.js";
import type { SceneClientOptions, SceneServerOptions } from "./options.js";
import { createSceneClient } from "./scene-client.js";
import { createSceneServer } from "./scene-server.js";

function checkBase(choice: unknown): void {
  if (choice !== undefined && choice !== "godot4") {
    throw new InvalidArgumentError(`the scene option runs on the "godot4" dialect, not ${typeof choice === "string" ? `"${choice}"` : "a custom dialect"}`);
  }
}

/** The dialect a server gets for `{ dialect, scene }` when `scene` is set. */
export function sceneServerDialect(choice: DialectChoice<ServerDialectFactory> | undefined, scene: true | SceneServerOptions): ServerDialectFactory {
  checkBase(choice);
  return createSceneServer(scene);
}

/** The dialect a client gets for `{ dialect, scene }` when `scene` is set. */
export function sceneClientDialect(choice: DialectChoice<ClientDialectFactory> | undefined, scene: true | SceneClientOptions): ClientDialectFactory {
  checkBase(choice);
  return createSceneClient(scene);
}
