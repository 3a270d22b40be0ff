import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * packages/cli/Dockerfile, checked without a Docker engine as far as it goes: every file it
 * copies exists, each image runs as a non-root user with a health check, and what its stages run
 * works here: the build stage's `pnpm deploy` makes the standalone folder, and from that folder
 * the image's entry point (on Node and on Bun, with the image's environment) serves, passes the
 * image's HEALTHCHECK command and exits 0 on the image's STOPSIGNAL. With a Docker engine the
 * images are built too; without one that test says so in one line and is skipped, not passed.
 */
const root = fileURLToPath(new URL("../../..", import.meta.url));
const DOCKERFILE = join(root, "packages", "cli", "Dockerfile");
const BUN = process.env["BUN_BINARY"] ?? join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
const PNPM = ["npx", "--yes", `pnpm@${String(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager).split("@")[1]}`];

interface Stage {
  readonly name: string;
  readonly lines: string[];
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), grouped by stage. */
function stages(): Stage[] {
  const out: Stage[] = [];
  const text = readFileSync(DOCKERFILE, "utf8").replace(/\\\n/g, " ");
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? `stage${out.length}`, lines: [] });
    else if (out.length > 0) out.at(-1)!.lines.push(line);
  }
  return out;
}

const instruction = (stage: Stage, name: string): string[] => stage.lines.filter((l) => l.toUpperCase().startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());
const json = (text: string): string[] => JSON.parse(text) as string[];
const env = (stage: Stage): Record<string, string> => Object.fromEntries(instruction(stage, "ENV").flatMap((l) => l.split(/\s+/).map((kv) => kv.split("=") as [string, string])));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let app = "";

beforeAll(async () => {
  app = join(mkdtempSync(join(tmpdir(), "wsmp-docker-")), "app");
  // The build stage's last RUN, with /app replaced by a temporary folder.
  const deploy = instruction(stages().find((s) => s.name === "build")!, "RUN").find((r) => r.includes(" deploy "))!;
  const args = deploy.replace(/^npx --yes pnpm@\S+ /, "").split(/\s+/).map((a) => (a === "/app" ? app : a));
  await new Promise<void>((resolve, reject) => execFile(PNPM[0]!, [...PNPM.slice(1), ...args], { cwd: root, timeout: 120_000 }, (error, _out, stderr) => (error ? reject(new Error(`${deploy}: ${stderr}`)) : resolve())));
}, 180_000);

afterAll(() => rmSync(dirname(app), { recursive: true, force: true }));

describe("packages/cli/Dockerfile", () => {
  it("copies only files that exist, and builds from the repository's own lockfile", () => {
    const copies = stages().flatMap((s) => instruction(s, "COPY").filter((c) => !c.startsWith("--from")));
    expect(copies.length).toBeGreaterThan(2);
    for (const copy of copies) for (const source of copy.split(/\s+/).slice(0, -1)) expect(existsSync(join(root, source)), `COPY ${source}`).toBe(true);
    expect(copies.join(" ")).toContain("pnpm-lock.yaml");
  });

  it.each(["node", "bun"])("the %s image runs as a non-root user with a health check, a stop signal and its ports exposed", (name) => {
    const stage = stages().find((s) => s.name === name)!;
    expect(instruction(stage, "USER")[0]).toMatch(/^(node|bun)$/);
    expect(instruction(stage, "HEALTHCHECK")[0]).toMatch(/CMD \[.*healthcheck\.js"\]$/);
    expect(instruction(stage, "STOPSIGNAL")).toEqual(["SIGTERM"]);
    const vars = env(stage);
    expect(instruction(stage, "EXPOSE")[0]!.split(/\s+/).sort()).toEqual([vars["WSMP_PORT"], vars["WSMP_METRICS_PORT"]].sort());
  });

  it.each(["node", "bun"])("what the %s image runs works outside Docker: serves, passes HEALTHCHECK, exits 0 on SIGTERM", async (name) => {
    const stage = stages().find((s) => s.name === name)!;
    const at = (args: string[]): string[] => args.map((a) => a.replace(/^\/app/, app));
    const program = (command: string): string => (command === "bun" ? BUN : command === "node" ? process.execPath : command);
    const [command, ...entry] = at([...json(instruction(stage, "ENTRYPOINT")[0]!), ...json(instruction(stage, "CMD")[0]!)]);
    const [port, metrics] = [await freePort(), await freePort()];
    const vars = { ...process.env, ...env(stage), WSMP_BIND: "127.0.0.1", WSMP_PORT: String(port), WSMP_METRICS_PORT: String(metrics), WSMP_LOG: "" };
    const child = spawn(program(command!), entry, { cwd: app, env: vars, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const end = Date.now() + 15_000;
      while (!output.includes("wsmp metrics on") && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(output).toContain(`listening on ws://127.0.0.1:${port}`);
      expect(output).toContain(`${name}, godot4`);
      const check = /CMD (\[.*\])$/.exec(instruction(stage, "HEALTHCHECK")[0]!)![1]!;
      const [probe, ...probeArgs] = at(json(check));
      expect(spawnSync(program(probe!), probeArgs, { env: vars, timeout: 10_000 }).status).toBe(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(spawnSync(program(probe!), probeArgs, { env: vars, timeout: 10_000 }).status).toBe(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  const engine = spawnSync("docker", ["info"], { stdio: "ignore", timeout: 20_000 }).status === 0;
  if (!engine) console.log("docker: no Docker engine on this machine (docker info failed): the images were not built, the build test is skipped");
  it.skipIf(!engine).each(["node", "bun"])("builds the %s image with Docker", (target) => {
    const result = spawnSync("docker", ["build", "-f", DOCKERFILE, "--target", target, "-t", `wsmp-relay-test:${target}`, root], { encoding: "utf8", timeout: 900_000 });
    expect(result.status, result.stderr).toBe(0);
  }, 900_000);
});
