import type { ClientDialectFactory, DialectName, ServerDialectFactory } from "../engine/dialect-contract.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { createGodot3Client, createGodot3Server } from "../dialects/godot3-dialect.js";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { createRawClient, createRawServer } from "../dialects/raw-dialect.js";

/** The built-in dialects by name. Each entry pairs the server and client side of one protocol. */
const BUILT_IN: Partial<Record<DialectName, { server: ServerDialectFactory; client: ClientDialectFactory }>> = {
  godot4: { server: createGodot4Server, client: createGodot4Client },
  godot3: { server: createGodot3Server, client: createGodot3Client },
  raw: { server: createRawServer, client: createRawClient },
};

/** Adds or replaces a named dialect (used by the built-in Godot 3 and raw dialects). */
export function registerDialect(name: DialectName, sides: { server: ServerDialectFactory; client: ClientDialectFactory }): void {
  BUILT_IN[name] = sides;
}

export type DialectChoice<F> = DialectName | F;

export function resolveServerDialect(choice: DialectChoice<ServerDialectFactory> | undefined): ServerDialectFactory {
  if (choice === undefined) return createGodot4Server;
  if (typeof choice === "function") return choice;
  const entry = BUILT_IN[choice];
  if (!entry) throw new InvalidArgumentError(`unknown dialect "${String(choice)}"`);
  return entry.server;
}

export function resolveClientDialect(choice: DialectChoice<ClientDialectFactory> | undefined): ClientDialectFactory {
  if (choice === undefined) return createGodot4Client;
  if (typeof choice === "function") return choice;
  const entry = BUILT_IN[choice];
  if (!entry) throw new InvalidArgumentError(`unknown dialect "${String(choice)}"`);
  return entry.client;
}
