import { toBytes } from "../shared/bytes.js";
import type { ClientDialect, ServerDialect } from "../engine/dialect-contract.js";
import { InvalidStateError } from "../shared/errors.js";
import { checkPayload } from "./packet-reader.js";
import { isSceneClientDialect, type SceneClientControl } from "../dialects/scene/scene-client-dialect.js";
import { isSceneServerDialect, type SceneServerControl } from "../dialects/scene/scene-server-dialect.js";

/** How the facades reach the scene layer. Using a scene method without the `scene` option is a caller error. */
export function serverScene(dialect: ServerDialect, what: string): SceneServerControl {
  if (!isSceneServerDialect(dialect)) throw new InvalidStateError(`${what} needs a server created with the scene option ({ scene: true })`);
  return dialect.scene;
}

export function clientScene(dialect: ClientDialect, what: string): SceneClientControl {
  if (!isSceneClientDialect(dialect)) throw new InvalidStateError(`${what} needs a client created with the scene option ({ scene: true })`);
  return dialect.scene;
}

/** The bytes of a scene payload argument (strings are sent as their UTF-8 bytes). */
export function sceneBytes(data: unknown, what: string): Uint8Array {
  return toBytes(checkPayload(data, what));
}
