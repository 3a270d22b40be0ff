/**
 * How long and how big each scenario runs. `quick` is `pnpm bench`, `full` is `--full`, `smoke` is
 * `--smoke`, `soak` is `--soak` (the soak alone).
 */
export type ProfileName = "quick" | "full" | "smoke" | "soak";

export interface Profile {
  readonly name: ProfileName;
  /** Repetitions of every measurement (the tables show their median and min-max). */
  readonly reps: number;
  readonly relay: { readonly ns: readonly number[]; readonly hz: number; readonly warmupMs: number; readonly measureMs: number; readonly drainMaxMs: number };
  readonly echo: { readonly cs: readonly number[]; readonly warmupMs: number; readonly measureMs: number };
  readonly scale: { readonly ks: readonly number[]; readonly concurrency: number };
  readonly core: { readonly peers: number; readonly packets: number };
  /**
   * Capacity: N climbs `ns` until a window does not hold (everything delivered, p99 under
   * `p99LimitMs`, sent at `hz`).
   */
  readonly capacity: { readonly ns: readonly number[]; readonly hz: number; readonly warmupMs: number; readonly measureMs: number; readonly drainMaxMs: number; readonly p99LimitMs: number };
  /** One relayed session on one cluster node, and spread over two (relay's rate and windows). */
  readonly cluster: { readonly ns: readonly number[] };
  /** The soak (loadgen/soak.ts); absent: not run in this profile. */
  readonly soak?: { readonly peers: number; readonly hz: number; readonly seconds: number; readonly churn: number; readonly flooder: boolean };
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  quick: {
    name: "quick",
    reps: 3,
    relay: { ns: [10, 100, 500], hz: 20, warmupMs: 150, measureMs: 600, drainMaxMs: 500 },
    echo: { cs: [1, 10, 100], warmupMs: 100, measureMs: 300 },
    scale: { ks: [1000, 5000], concurrency: 100 },
    core: { peers: 100, packets: 50_000 },
    capacity: { ns: [50, 75, 100, 150, 200, 250, 300], hz: 20, warmupMs: 300, measureMs: 1000, drainMaxMs: 500, p99LimitMs: 20 },
    cluster: { ns: [10, 100] },
  },
  full: {
    name: "full",
    reps: 5,
    relay: { ns: [10, 100, 500], hz: 20, warmupMs: 500, measureMs: 3000, drainMaxMs: 1000 },
    echo: { cs: [1, 10, 100], warmupMs: 300, measureMs: 2000 },
    scale: { ks: [1000, 10_000], concurrency: 100 },
    core: { peers: 100, packets: 50_000 },
    capacity: { ns: [25, 50, 75, 100, 125, 150, 200, 250, 300, 350, 400, 450, 500], hz: 20, warmupMs: 500, measureMs: 3000, drainMaxMs: 1000, p99LimitMs: 20 },
    cluster: { ns: [10, 100] },
  },
  smoke: {
    name: "smoke",
    reps: 1,
    relay: { ns: [4], hz: 20, warmupMs: 50, measureMs: 200, drainMaxMs: 500 },
    echo: { cs: [2], warmupMs: 30, measureMs: 150 },
    scale: { ks: [20], concurrency: 10 },
    core: { peers: 8, packets: 500 },
    capacity: { ns: [4, 8], hz: 20, warmupMs: 50, measureMs: 200, drainMaxMs: 500, p99LimitMs: 20 },
    cluster: { ns: [4] },
    soak: { peers: 10, hz: 20, seconds: 2, churn: 0.1, flooder: true },
  },
  soak: {
    name: "soak",
    reps: 1,
    relay: { ns: [], hz: 20, warmupMs: 0, measureMs: 0, drainMaxMs: 0 },
    echo: { cs: [], warmupMs: 0, measureMs: 0 },
    scale: { ks: [], concurrency: 1 },
    core: { peers: 0, packets: 0 },
    capacity: { ns: [], hz: 20, warmupMs: 0, measureMs: 0, drainMaxMs: 0, p99LimitMs: 20 },
    cluster: { ns: [] },
    soak: { peers: 200, hz: 20, seconds: 60, churn: 0.1, flooder: true },
  },
};
