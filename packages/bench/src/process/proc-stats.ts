import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU and memory of another process, read from /proc so every server (Node, Bun, Godot) is
 * measured the same way. CPU is the sum over the process's threads of the scheduler's run time
 * (`/proc/<pid>/task/<tid>/schedstat`, nanoseconds); it falls back to utime + stime from
 * `/proc/<pid>/stat` (clock ticks) when schedstat is not available.
 */
export function cpuNs(pid: number): number {
  try {
    let total = 0;
    let seen = false;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8");
        total += Number(text.slice(0, text.indexOf(" ")));
        seen = true;
      } catch {
        // the thread exited between readdir and read
      }
    }
    if (seen && total > 0) return total;
  } catch {
    // no schedstat: use the tick counters below
  }
  return statCpuNs(pid);
}

function statCpuNs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 1e7; // USER_HZ = 100 on Linux
}

/** Resident set size in bytes (VmRSS), 0 when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Whether CPU can be read for `pid` (Linux /proc present). */
export function canReadProc(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`, "utf8");
    return true;
  } catch {
    return false;
  }
}
