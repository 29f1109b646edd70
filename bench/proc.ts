/** CPU time and memory of a child process and its own children (cluster workers), read from /proc (Linux). */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The process and its direct children (a cluster primary and its workers). */
export function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(Number(entry));
      if (fields && Number(fields[1]) === pid) children.push(Number(entry));
    }
  } catch {
    // not Linux
  }
  return [pid, ...children];
}

/** utime + stime of the process tree, in seconds; null off Linux. */
export function cpuSeconds(pid: number): number | null {
  let total = 0;
  for (const p of processTree(pid)) {
    const fields = statFields(p);
    if (!fields) {
      if (p === pid) return null;
      continue;
    }
    total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }
  return total;
}

/**
 * Starts a new peak: writing 5 to clear_refs resets VmHWM to the current RSS
 * (Linux), so that a cell's peak is its own and not an earlier cell's.
 */
export function resetPeakRss(pid: number): void {
  for (const p of processTree(pid)) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      // not Linux, or not allowed: the peak then runs from the process's start
    }
  }
}

/** VmRSS and VmHWM (peak RSS) of the process tree, summed, in MB. */
export function memoryMb(pid: number): { rss: number; hwm: number } | null {
  let rss = 0;
  let hwm = 0;
  for (const p of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
      rss += kb('VmRSS') / 1024;
      hwm += kb('VmHWM') / 1024;
    } catch {
      if (p === pid) return null;
    }
  }
  return { rss, hwm };
}
