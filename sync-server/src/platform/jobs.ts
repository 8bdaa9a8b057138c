/**
 * A tiny interval scheduler: one run at a time per job, errors logged, never thrown. Each job runs
 * once at start (a server restarted after downtime catches up at once, e.g. the 4-hour auto-stop),
 * then every `everyMs`.
 */
import type { Logger } from './logger.ts';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(jobs: Job[], logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const tick = (job: Job, state: { busy: boolean }) => {
    if (stopped || state.busy) return;
    state.busy = true;
    const p = job
      .run()
      .catch((err: unknown) => logger.error({ err, job: job.name }, 'job failed'))
      .finally(() => {
        state.busy = false;
        running.delete(p);
      });
    running.add(p);
  };
  return {
    start() {
      for (const job of jobs) {
        const state = { busy: false };
        tick(job, state);
        timers.push(setInterval(() => tick(job, state), job.everyMs));
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
