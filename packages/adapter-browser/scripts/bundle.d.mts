/** The two single-file bundles in dist/: readable and minified. */
export declare const BUNDLES: readonly ["wsmp-browser.js", "wsmp-browser.min.js"];
/** Writes both bundles (and their source maps) into dist/. */
export function bundle(): Promise<void>;
export interface BundleSize {
  readonly file: string;
  /** Bytes on disk. */
  readonly raw: number;
  /** Bytes after gzip at level 9. */
  readonly gzip: number;
}
/** The sizes of the bundles in dist/. */
export function measure(): BundleSize[];
/** The Markdown the README holds between its size markers. */
export function sizeTable(sizes: readonly BundleSize[]): string;
/** Rewrites the README's size table. */
export function writeSizes(sizes: readonly BundleSize[]): void;
