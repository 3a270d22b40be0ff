// The core's vitest project for Stryker (see rooted.ts).
import project from "../../packages/core/vitest.config.ts";
import { rootedAt } from "./rooted.ts";

export default rootedAt("core", project);
