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

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export declare function freePort(): Promise<number>;
