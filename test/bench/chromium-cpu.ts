/**
 * CPU time of the browsers this process started: every process whose ancestry leads back here
 * (Chromium's browser, renderer, GPU and utility processes), user + system, from /proc. On a
 * shared machine CPU time says what a run cost when its wall time only says how busy the machine was.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly parent: number;
  /** utime + stime, ticks. */
  readonly ticks: number;
}

function statOf(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone between listing and reading
  }
}

/** CPU seconds used so far by this process's descendants (not by this process). */
export function descendantsCpuSeconds(): number {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat !== undefined) stats.set(Number(name), stat);
  }
  const isOurs = (pid: number): boolean => {
    for (let at = stats.get(pid)?.parent, hops = 0; at !== undefined && hops < 64; hops++) {
      if (at === process.pid) return true;
      at = stats.get(at)?.parent;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (isOurs(pid)) ticks += stat.ticks;
  return ticks / TICKS_PER_SECOND;
}

/** Whether CPU time can be read here (Linux's /proc). */
export function canReadCpu(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}
