import { bundle } from "../scripts/bundle.mjs";

/** Rebuilds dist/wsmp-browser.js from src so the page always loads the current adapter. */
export default async function setup(): Promise<void> {
  await bundle();
}
