// Child processes that live in their own process group, so that one signal ends the whole
// tree: code-server leaves a file watcher and an extension host behind when only its
// launcher is killed (shared/docs/e2e.md, "Teardown").
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<number>();
let hooked = false;

function killGroupNow(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** On any exit of this process, the groups it started go with it. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) killGroupNow(pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      for (const pid of live) killGroupNow(pid, 'SIGKILL');
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** TERM to the whole group, KILL after `graceMs` if anything is left. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs inside the new group: starts the command, and if this Node process dies without
 * cleaning up (SIGKILL, a crash in native code), ends the group itself after a 5 s grace.
 */
const WATCHDOG = `
parent=$1; shift
"$@" &
child=$!
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
if kill -0 "$child" 2>/dev/null; then
  trap '' TERM
  kill -TERM -- -$$ 2>/dev/null
  sleep 5
  kill -KILL -- -$$ 2>/dev/null
fi
wait "$child"
`;

/**
 * Starts `cmd` in a new session and process group (detached = setsid on Linux) under a small
 * bash watchdog that is the group leader; stop() and this process's exit end the whole group.
 */
export function spawnGroup(cmd: string, args: string[], options: SpawnOptions): GroupProcess {
  hookExit();
  const child = spawn('bash', ['-c', WATCHDOG, 'e2e-watchdog', String(process.pid), cmd, ...args], {
    ...options,
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`e2e: could not start ${cmd}`);
  const pid = child.pid;
  live.add(pid);
  let exited = child.exitCode !== null;
  child.on('exit', () => {
    exited = true;
  });
  return {
    child,
    pid,
    async stop(graceMs = 5000) {
      if (!live.has(pid)) return;
      killGroupNow(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (groupAlive(pid) || !exited)) await sleep(100);
      killGroupNow(pid, 'SIGKILL');
      live.delete(pid);
    },
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
