// Shared by the tests that keep documentation honest: they pull the TypeScript blocks out of a
// Markdown file, compile them with the repository's base tsconfig and, for runnable examples,
// pick a free loopback port.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The bodies of the ```ts fenced blocks of a Markdown file, in order.
 * @param {string} markdownPath
 * @returns {string[]}
 */
export function tsBlocks(markdownPath) {
  return [...readFileSync(markdownPath, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

/**
 * Compiles the blocks as modules; `output` is what tsc printed when it failed, "" otherwise.
 * @param {import("./doc-blocks.mjs").CompileBlocksOptions} options
 * @returns {Promise<{ ok: boolean; output: string }>}
 */
export async function compileBlocks(options) {
  const { work } = options;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  options.blocks.forEach((code, i) => writeFileSync(join(work, `block-${i}.ts`), code));
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      extends: relative(work, join(root, "tsconfig.base.json")).split("\\").join("/"),
      compilerOptions: options.compilerOptions,
      include: ["*.ts"],
    }),
  );
  const tsc = options.tsc ?? join(root, "node_modules", "typescript", "bin", "tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { cwd: work });
    return { ok: true, output: "" };
  } catch (error) {
    const e = /** @type {{ stdout?: string; stderr?: string }} */ (error);
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/**
 * A package's README: its TypeScript blocks and a scratch folder (`.artifacts/readme`) for
 * compiling or running them.
 * @param {string} pkg the package folder
 */
export function packageReadme(pkg) {
  const work = join(pkg, ".artifacts", "readme");
  const blocks = tsBlocks(join(pkg, "README.md"));
  return {
    work,
    blocks,
    /**
     * Type-checks the blocks with the package's TypeScript; returns tsc's output ("" when clean).
     * @param {Record<string, unknown>} compilerOptions added to the base options (`noEmit` is set)
     * @param {(code: string) => string} [asFile] what each block's file holds (the block by default)
     */
    async typecheck(compilerOptions, asFile = (code) => code) {
      const result = await compileBlocks({
        work,
        blocks: blocks.map(asFile),
        compilerOptions: { noEmit: true, ...compilerOptions },
        tsc: join(pkg, "node_modules", "typescript", "bin", "tsc"),
      });
      return result.output;
    },
    /** Removes the scratch folder. */
    cleanup() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP port that was free on 127.0.0.1 a moment ago.
 * @returns {Promise<number>}
 */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {{ port: number }} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}
