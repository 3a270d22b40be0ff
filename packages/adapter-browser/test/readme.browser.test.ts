import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "@wsmp/adapter-node";
import { createServerHandle } from "@wsmp/conformance/handles";
import type { ServerHandle } from "@wsmp/conformance/harness";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChromiumHarness, createChromiumHarness } from "./support/chromium-harness.js";
import { receiveN, waitForEvent } from "./support/wait.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const EXAMPLE_URL = "ws://localhost:8910";

function blocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);
}

function moduleScript(html: string): string {
  const match = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error("the README's HTML example has no module script");
  return match[1]!;
}

/** Type-checks `sources` as modules of this package (browser lib, strict settings of the repo). */
function typeErrors(sources: Record<string, string>): string[] {
  const files = new Map(Object.entries(sources).map(([name, text]) => [join(root, "test", name), text]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.asynciterable.d.ts"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("README examples", () => {
  it("has one TypeScript and one HTML example", () => {
    expect(blocks("ts")).toHaveLength(1);
    expect(blocks("html")).toHaveLength(1);
  });

  it("type-checks both examples against the package", () => {
    const page = moduleScript(blocks("html")[0]!).replace('"./wsmp-browser.js"', '"@wsmp/adapter-browser/wsmp-browser.js"');
    expect(typeErrors({ "readme-bundler.mts": blocks("ts")[0]!, "readme-page.mts": page })).toEqual([]);
  });

  describe("the <script type=\"module\"> example in Chromium", () => {
    let harness: ChromiumHarness;
    let server: ServerHandle;

    beforeAll(async () => {
      harness = createChromiumHarness();
      await harness.setup();
      server = await createServerHandle(createServer(0, "127.0.0.1"));
    });

    afterAll(async () => {
      await server?.close();
      await harness?.dispose();
    });

    it("connects and sends, loading only dist/wsmp-browser.js", async () => {
      const html = blocks("html")[0]!.replace("./wsmp-browser.js", "/wsmp-browser.js").replace(EXAMPLE_URL, `ws://127.0.0.1:${server.port}`);
      expect(html).not.toContain(EXAMPLE_URL);
      const logs: string[] = [];
      // The listener goes on before navigation: the example logs as soon as it connects.
      const page = await harness.openExtraPage("/readme.html", `<!doctype html><meta charset="utf-8">${html}`, (p) =>
        p.on("console", (message) => logs.push(message.text())),
      );
      page.on("pageerror", (error) => logs.push(`error: ${error.message}`));
      const joined = await waitForEvent(server, "peer_connected");
      const [packet] = await receiveN(server, 1);
      expect(packet).toMatchObject({ from: joined.id, isText: true, data: { kind: "text", text: "hello from a page" } });
      await expect.poll(() => logs, { timeout: 5_000 }).toContain(`connected as peer ${joined.id}`);
      await page.close();
      await waitForEvent(server, "peer_disconnected", (e) => e.id === joined.id);
    });
  });
});
