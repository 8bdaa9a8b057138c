/**
 * The 4-hour rule on the server: every 60 s, one UPDATE … RETURNING closes every session open
 * longer than 4 h at exactly startedAt + 4 h (autoStopped = true). The table trigger stamps
 * rev/txid and notifies after commit, so connected clients hear about it through the stream.
 * Unlike the original, a late run (server down for a weekend) still records 240 minutes.
 */
import { AUTO_STOP_INTERVAL_MS } from '@itercraft/shared/maintenance/session.rules';
import type { Clock } from '../../platform/clock.ts';
import type { DatabasePool } from '../../platform/db.ts';
import type { Job } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import { autoStopOverdue } from './maintenance.repo.ts';

/** The job; `run()` resolves with the sessions it closed (tests compare them with shouldAutoStop). */
export interface AutoStopJob extends Job {
  run(): Promise<{ id: string; ownerId: string }[]>;
}

export function autoStopJob(deps: { db: DatabasePool; clock: Clock; logger: Logger }): AutoStopJob {
  return {
    name: 'maintenance.auto-stop',
    everyMs: AUTO_STOP_INTERVAL_MS,
    async run() {
      const stopped = await autoStopOverdue(deps.db, deps.clock.now());
      if (stopped.length > 0) deps.logger.info({ count: stopped.length }, 'auto-stopped maintenance sessions after 4 h');
      return stopped;
    },
  };
}
