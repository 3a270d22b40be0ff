import type { ScenarioName } from "./servers/catalog.js";

/** One measurement: a scenario, a server (or core harness), a size parameter and one repetition. */
export interface Sample {
  readonly scenario: ScenarioName | "core";
  readonly server: string;
  /** N (relay), C (echo), K (scale), peers (core). */
  readonly param: number;
  readonly rep: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** A server that could not take part, and why. */
export interface Skipped {
  readonly scenario: string;
  readonly server: string;
  readonly reason: string;
}

export interface SampleSink {
  add(sample: Sample): void;
  skip(skipped: Skipped): void;
  note(text: string): void;
  log(text: string): void;
}
