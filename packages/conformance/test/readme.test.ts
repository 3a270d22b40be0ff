// The README's TypeScript blocks are type-checked against this package's source, so the
// documented contract and examples cannot drift from the code.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(pkg, ".artifacts", "readme");
const blocks = [...readFileSync(join(pkg, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // Each block is its own module (they reuse names).
    blocks.forEach((code, i) => writeFileSync(join(work, `block-${i}.ts`), `${code}\nexport {};\n`));
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        extends: "../../../../tsconfig.base.json",
        compilerOptions: {
          types: ["node"],
          noEmit: true,
          paths: {
            "@wsmp/conformance": ["../../src/index.ts"],
            "@wsmp/conformance/child": ["../../src/child.ts"],
            // @wsmp/adapter-bun has the adapter-node exports; its own types need Bun's, which this package does not install.
            "@wsmp/adapter-bun": ["../../node_modules/@wsmp/adapter-node/dist/index.d.ts"],
          },
        },
        include: ["*.ts"],
      }),
    );
    const tsc = join(pkg, "node_modules", "typescript", "bin", "tsc");
    const output = await promisify(execFile)(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { cwd: work }).then(
      () => "",
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
    expect(output).toBe("");
  });
});
