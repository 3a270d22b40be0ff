// Types for doc-blocks.mjs, which is plain JavaScript so that package tests outside this folder
// can import it without it becoming part of their TypeScript programs.

/** The bodies of the ```ts fenced blocks of a Markdown file, in order. */
export declare function tsBlocks(markdownPath: string): string[];

export interface CompileBlocksOptions {
  /** A scratch folder, emptied first; the blocks become `block-<i>.ts` in it. */
  readonly work: string;
  readonly blocks: readonly string[];
  /** Added to the repository's tsconfig.base.json. */
  readonly compilerOptions: Record<string, unknown>;
  /** The `typescript/bin/tsc` to run (the repository's by default). */
  readonly tsc?: string;
}

/** Compiles the blocks as modules; `output` is what tsc printed when it failed, "" otherwise. */
export declare function compileBlocks(options: CompileBlocksOptions): Promise<{ ok: boolean; output: string }>;

export interface PackageReadme {
  /** Scratch folder (`<pkg>/.artifacts/readme`). */
  readonly work: string;
  /** The README's TypeScript blocks, in order. */
  readonly blocks: string[];
  /** Type-checks the blocks with the package's TypeScript; returns tsc's output ("" when clean). */
  typecheck(compilerOptions: Record<string, unknown>, asFile?: (code: string) => string): Promise<string>;
  /** Removes the scratch folder. */
  cleanup(): void;
}

/** A package's README: its TypeScript blocks and a scratch folder for compiling or running them. */
export declare function packageReadme(pkg: string): PackageReadme;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export declare function freePort(): Promise<number>;
