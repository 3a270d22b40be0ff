/** Writes dist/wsmp-browser.js (and its source map). */
export function bundle(): Promise<void>;
