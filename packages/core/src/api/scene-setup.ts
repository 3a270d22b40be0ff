import type { ClientDialectFactory, ServerDialectFactory } from "../engine/dialect-contract.js";
import type { DialectChoice } from "./dialect-choice.js";
import { InvalidArgumentError } from "../shared/errors.js";
import type { SceneClientOptions, SceneServerOptions } from "../dialects/scene/scene-options.js";
import { createSceneClient } from "../dialects/scene/scene-client-dialect.js";
import { createSceneServer } from "../dialects/scene/scene-server-dialect.js";

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
