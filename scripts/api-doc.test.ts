// docs/api.md lists every name each published entry point exports. This test reads the entry
// points from the packages' `exports` maps, takes their names from the built files (values by
// importing them, types from their declarations with TypeScript) and compares them with the
// doc's tables, so a new export without a row, a row whose export is gone, or an entry point
// without a section fails here with the names to add or remove. Needs the built packages.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = join(root, "docs", "api.md");
const PUBLISHED = ["core", "adapter-node", "adapter-bun", "adapter-browser", "conformance", "cluster-redis", "cli"];
const KINDS = new Set(["class", "function", "const", "type", "const + type"]);
const STABILITY = new Set(["stable", "experimental"]);

interface Entry {
  /** What a program imports, e.g. `@wsmp/core/variant`. */
  readonly specifier: string;
  readonly pkg: string;
  readonly js: string;
  readonly dts: string;
}

const entries: Entry[] = PUBLISHED.flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
  return Object.entries(manifest.exports as Record<string, string | { types: string; import: string }>)
    .filter((pair): pair is [string, { types: string; import: string }] => typeof pair[1] === "object")
    .map(([subpath, target]) => ({
      specifier: `${manifest.name}${subpath.slice(1)}`,
      pkg: manifest.name,
      js: join(root, "packages", dir, target.import),
      dts: join(root, "packages", dir, target.types),
    }));
});

interface Row {
  readonly name: string;
  readonly kind: string;
  readonly stability: string;
  readonly line: number;
}

interface Section {
  readonly heading: string;
  readonly entryPoints: string[];
  readonly rows: Row[];
}

/** The doc's `## ` sections: the entry points their heading names, and their table rows. */
function readDoc(): Section[] {
  const sections: Section[] = [];
  readFileSync(DOC, "utf8")
    .split("\n")
    .forEach((text, index) => {
      if (text.startsWith("## ")) {
        sections.push({ heading: text, entryPoints: [...text.matchAll(/`(@wsmp\/[^`]+)`/g)].map((m) => m[1]!), rows: [] });
        return;
      }
      const cells = /^\| `([A-Za-z_$][\w$]*)` \|([^|]*)\|([^|]*)\|([^|]*)\|$/.exec(text);
      if (cells && sections.length > 0) sections.at(-1)!.rows.push({ name: cells[1]!, kind: cells[2]!.trim(), stability: cells[3]!.trim(), line: index + 1 });
    });
  return sections;
}

const sections = readDoc();
const sectionsOf = (specifier: string): Section[] => sections.filter((s) => s.entryPoints.includes(specifier));
const listedIn = (specifier: string): Map<string, Row> => new Map(sectionsOf(specifier).flatMap((s) => s.rows.map((row) => [row.name, row] as const)));

/** Value and type names of every entry point, from the built files. */
const values = new Map<string, Set<string>>();
const types = new Map<string, Set<string>>();

beforeAll(async () => {
  const program = ts.createProgram(
    entries.map((e) => e.dts),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  for (const entry of entries) {
    const runtime = new Set(Object.keys(await import(pathToFileURL(entry.js).href)));
    const source = program.getSourceFile(entry.dts);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`no declarations at ${entry.dts}: build the packages first`);
    values.set(entry.specifier, runtime);
    types.set(entry.specifier, new Set(checker.getExportsOfModule(symbol).map((s) => s.name).filter((name) => !runtime.has(name))));
  }
}, 60_000);

/** Names an entry point may leave to another section: an adapter re-exports @wsmp/core's names. */
function coveredElsewhere(entry: Entry, name: string): boolean {
  if (!entry.pkg.startsWith("@wsmp/adapter-")) return false;
  const core = "@wsmp/core";
  return (values.get(core)!.has(name) || types.get(core)!.has(name)) && listedIn(core).has(name);
}

const howToAdd = (entry: Entry): string => `add a row "| \`Name\` | kind | stable or experimental | one line |" for each to the section of docs/api.md whose heading names \`${entry.specifier}\``;

describe("docs/api.md", () => {
  it("has a section for every entry point of the published packages", () => {
    const without = entries.filter((e) => sectionsOf(e.specifier).length === 0).map((e) => e.specifier);
    expect(without, `docs/api.md has no "## \`<entry point>\`" section for: ${without.join(", ")}`).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(12);
  });

  it.each(entries.map((e) => [e.specifier, e] as const))("lists every value %s exports", (_name, entry) => {
    const exported = [...values.get(entry.specifier)!];
    expect(exported.length).toBeGreaterThan(0);
    const missing = exported.filter((name) => !listedIn(entry.specifier).has(name) && !coveredElsewhere(entry, name)).sort();
    expect(missing, `docs/api.md does not list these values that ${entry.specifier} exports: ${missing.join(", ")}; ${howToAdd(entry)}`).toEqual([]);
  });

  it.each(entries.map((e) => [e.specifier, e] as const))("lists every type %s exports", (_name, entry) => {
    const missing = [...types.get(entry.specifier)!].filter((name) => !listedIn(entry.specifier).has(name) && !coveredElsewhere(entry, name)).sort();
    expect(missing, `docs/api.md does not list these types that ${entry.specifier} exports: ${missing.join(", ")}; ${howToAdd(entry)}`).toEqual([]);
  });

  it("lists no name that its entry points do not export", () => {
    const stale = sections.flatMap((section) =>
      section.rows
        .filter((row) => !section.entryPoints.some((specifier) => values.get(specifier)?.has(row.name) || types.get(specifier)?.has(row.name)))
        .map((row) => `${row.name} (line ${row.line}, under "${section.heading}")`),
    );
    expect(stale, `docs/api.md lists names that are no longer exported: ${stale.join("; ")}; remove those rows`).toEqual([]);
  });

  it("gives every row a known kind and a stability, and marks values and types as what they are", () => {
    const wrong: string[] = [];
    for (const section of sections) {
      for (const row of section.rows) {
        if (!KINDS.has(row.kind)) wrong.push(`${row.name} (line ${row.line}): kind "${row.kind}" is none of ${[...KINDS].join(", ")}`);
        if (!STABILITY.has(row.stability)) wrong.push(`${row.name} (line ${row.line}): stability "${row.stability}" is neither stable nor experimental`);
        const isValue = section.entryPoints.some((specifier) => values.get(specifier)?.has(row.name));
        if (isValue && row.kind === "type") wrong.push(`${row.name} (line ${row.line}): exported as a value, marked type`);
        if (!isValue && row.kind !== "type" && KINDS.has(row.kind)) wrong.push(`${row.name} (line ${row.line}): exported as a type only, marked ${row.kind}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has each name once per section", () => {
    const twice = sections.flatMap((section) => {
      const names = section.rows.map((row) => row.name);
      return names.filter((name, i) => names.indexOf(name) !== i).map((name) => `${name} under "${section.heading}"`);
    });
    expect(twice).toEqual([]);
  });
});
