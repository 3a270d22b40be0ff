import { describePlaygroundE2E } from "./support/e2e-suite.js";

describePlaygroundE2E({ runtime: "node", dialect: "godot4", readmeShot: true });
describePlaygroundE2E({ runtime: "node", dialect: "godot3" });
