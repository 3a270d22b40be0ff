import type { BenchClient } from "./bench-client.js";
import { closeClients, connectClients } from "./connect.js";
import type { LoadCommand, LoadReply } from "./protocol.js";
import { soak } from "./soak.js";
import { echoWindow, relayWindow } from "./windows.js";

/**
 * The load generator: a separate Node process, driven by the runner over the fork IPC channel.
 * It holds one group of connections per server so relay windows can rotate between servers
 * without reconnecting. It exits when the runner goes away.
 */
const groups = new Map<string, { clients: BenchClient[]; wire: string }>();

function group(name: string): { clients: BenchClient[]; wire: string } {
  const found = groups.get(name);
  if (!found) throw new Error(`no connection group "${name}"`);
  return found;
}

async function handle(command: LoadCommand): Promise<unknown> {
  switch (command.cmd) {
    case "connect": {
      if (groups.has(command.group)) throw new Error(`group "${command.group}" already exists`);
      const { clients, result } = await connectClients(command.url, command.wire, command.count, command.concurrency, command.timeoutMs);
      groups.set(command.group, { clients, wire: command.wire });
      return result;
    }
    case "relay":
      return relayWindow(group(command.group).clients, command);
    case "echo": {
      const g = group(command.group);
      return echoWindow(g.clients, { ...command, target: g.wire === "godot3" ? 1 : 0 });
    }
    case "soak":
      return soak(command);
    case "close": {
      const g = groups.get(command.group);
      groups.delete(command.group);
      if (g) await closeClients(g.clients);
      return { closed: g?.clients.length ?? 0 };
    }
  }
}

process.on("message", (command: LoadCommand) => {
  handle(command).then(
    (result) => process.send?.({ ok: true, result } satisfies LoadReply),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies LoadReply),
  );
});
process.on("disconnect", () => process.exit(0));
