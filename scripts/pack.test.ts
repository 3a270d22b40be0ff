// What a user installs: `pnpm pack` makes the tarballs of the published packages (the CLI included), a fresh
// npm project (`npm init -y`) installs them from those files with TypeScript, and then
// - every tarball holds its LICENSE and README, no tests, no stale build output, no `workspace:`
//   ranges, and the adapters name @wsmp/core as a peer;
// - the project has exactly one @wsmp/core, and three adapters loaded together share its classes;
// - programs for Node, Bun and the browser (scripts/pack-app) type-check with the packages' own
//   declarations (skipLibCheck off), using the root API, @wsmp/core/variant and each adapter;
// - one program runs a server and a client on 127.0.0.1 (one packet each way) under Node with
//   @wsmp/adapter-node and under Bun with @wsmp/adapter-bun.
// Needs the built packages (`npm test` builds first) and the npm registry for TypeScript and
// the @types packages.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PUBLISHED = ["core", "adapter-node", "adapter-bun", "adapter-browser", "conformance", "cluster-redis", "cli"] as const;
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(path, "utf8"));
const rootPkg = readJson(join(root, "package.json"));
const PNPM = ["npx", "--yes", `pnpm@${String(rootPkg.packageManager).split("@")[1]}`] as const;
/** The versions the workspace itself builds with, so the fresh project checks against the same. */
const TOOLS = [
  `typescript@${rootPkg.devDependencies.typescript}`,
  `@types/node@${rootPkg.devDependencies["@types/node"]}`,
  `@types/bun@${readJson(join(root, "packages", "adapter-bun", "package.json")).devDependencies["@types/bun"]}`,
];
const BUN = process.env.BUN_BINARY ?? join(dirname(createRequire(join(root, "package.json")).resolve("bun/package.json")), "bin", "bun.exe");

interface Output {
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout = 120_000): Promise<Output> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
    execFile(command, args, { cwd, timeout, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** Files in a tarball, without the leading `package/`. */
async function tarFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball], dirname(tarball));
  return stdout.split("\n").filter(Boolean).map((line) => line.replace(/^package\//, ""));
}

/** Every folder named `@wsmp/core` with a package.json below `dir`'s node_modules trees. */
function corePackages(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      const scoped = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry];
      for (const name of scoped) {
        const pkg = join(modules, name);
        if (name === join("@wsmp", "core") && existsSync(join(pkg, "package.json"))) found.push(pkg);
        walk(join(pkg, "node_modules"));
      }
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

/** The last line a program printed, parsed. */
const lastJson = (output: Output): Record<string, unknown> => JSON.parse(output.stdout.trim().split("\n").at(-1) ?? "null");

let work = "";
let app = "";
const tarballs = new Map<string, string>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wsmp-pack-"));
  app = join(work, "app");
  mkdirSync(app);
  // Packed one after the other: pnpm writes each tarball from the package's folder.
  for (const name of PUBLISHED) {
    const { stdout } = await run(PNPM[0], [...PNPM.slice(1), "pack", "--pack-destination", work], join(root, "packages", name));
    const file = stdout.trim().split("\n").at(-1)!.trim();
    expect(file.endsWith(".tgz"), `pnpm pack printed ${stdout}`).toBe(true);
    tarballs.set(name, file.startsWith("/") ? file : join(work, file));
  }
  await run("npm", ["init", "-y"], app);
  await run("npm", ["pkg", "set", "type=module"], app);
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs.values(), ...TOOLS], app, 240_000);
  cpSync(join(root, "scripts", "pack-app"), app, { recursive: true });
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("packed packages in a fresh npm project", () => {
  it.each(PUBLISHED)("%s: the tarball holds LICENSE, README and built files only, with no workspace: ranges", async (name) => {
    const tarball = tarballs.get(name)!;
    const files = await tarFiles(tarball);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts"]));
    expect(files.filter((f) => /\.test\.ts$|(^|\/)test\/|node_modules|\.tsbuildinfo$/.test(f))).toEqual([]);
    // Every compiled module comes from a source file of today: no leftovers of an older build.
    const sources = new Set(files.filter((f) => f.startsWith("src/") && f.endsWith(".ts")).map((f) => f.slice(4, -3)));
    const stale = files.filter((f) => /^dist\/.*\.js$/.test(f) && !f.startsWith("dist/wsmp-browser")).filter((f) => !sources.has(f.slice(5, -3)));
    expect(stale).toEqual([]);
    const { stdout } = await run("tar", ["-xOzf", tarball, "package/package.json"], work);
    expect(stdout).not.toContain("workspace:");
    const manifest = JSON.parse(stdout);
    expect(manifest.license).toBe("MIT");
    expect(manifest.repository).toEqual({ type: "git", url: "git+https://github.com/wsmp/wsmp.git", directory: `packages/${name}` });
    expect(manifest.engines.node).toBe(">=20.19");
    if (name === "cli") {
      // A program, not a library: it depends on the core and both server adapters directly.
      expect(manifest.bin).toEqual({ wsmp: "./dist/bin.js" });
      expect(manifest.dependencies).toMatchObject({ "@wsmp/core": expect.stringMatching(/^\^0\.\d+\.\d+$/), "@wsmp/adapter-node": expect.any(String), "prom-client": expect.any(String) });
    } else if (name !== "core") {
      expect(manifest.peerDependencies).toEqual({ "@wsmp/core": expect.stringMatching(/^>=0\.\d+\.\d+ <1\.0\.0$/) });
      expect(manifest.dependencies?.["@wsmp/core"]).toBeUndefined();
    }
  });

  it("installs exactly one @wsmp/core, which every adapter resolves", () => {
    expect(corePackages(app)).toEqual([join(app, "node_modules", "@wsmp", "core")]);
    for (const name of ["adapter-node", "adapter-bun", "adapter-browser", "conformance"]) {
      const resolved = createRequire(join(app, "node_modules", "@wsmp", name, "package.json")).resolve("@wsmp/core/package.json");
      expect(resolved).toBe(join(app, "node_modules", "@wsmp", "core", "package.json"));
    }
  });

  it.each(["node", "bun", "browser"])("type-checks the %s program against the installed declarations", async (target) => {
    const tsc = join(app, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", `tsconfig.${target}.json`, "--pretty", "false"], app).catch((error: Error) => ({ stdout: error.message, stderr: "" }));
    expect(result.stdout).toBe("");
  });

  it.each([
    ["Node", process.execPath, "node"],
    ["Bun", BUN, "bun"],
  ])("runs the server + client program under %s: one packet each way on 127.0.0.1", async (_label, command, runtime) => {
    expect(existsSync(join(app, "out", "e2e.js")), "the bun tsconfig emits out/e2e.js").toBe(true);
    const result = lastJson(await run(command, ["out/e2e.js"], app, 30_000));
    const id = result.id as number;
    expect(result).toEqual({
      runtime,
      id: expect.any(Number),
      serverGot: { from: id, value: { x: 3, y: 4 } },
      clientGot: { from: 1, data: `pong to ${id}` },
      serverIsCoreClass: true,
    });
    expect(id).toBeGreaterThanOrEqual(2);
  });

  it("installs the wsmp command: `wsmp --help` runs from node_modules/.bin and exits 0", async () => {
    const { stdout } = await run(join(app, "node_modules", ".bin", "wsmp"), ["--help"], app, 30_000);
    expect(stdout).toContain("Usage: wsmp relay [options]");
    expect(stdout).toContain("--metrics-port");
  });

  it("loads three adapters in one Node program: one core, instanceof holds across them", async () => {
    const result = lastJson(await run(process.execPath, ["out/shared-core.js"], app, 30_000));
    expect(result).toEqual({ sameServerClass: true, nodeServerIsBrowserClass: true, browserErrorIsNodeClass: true });
  });
});
