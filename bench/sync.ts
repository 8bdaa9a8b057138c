/** `npm run bench -- sync`: the replication backbone's figures (issue 2, item 9). */
import { benchServer } from './lib/server.ts';
import { benchPush } from './sync-push.ts';
import { benchStreamLatency } from './sync-stream.ts';
import { benchInitialSync } from './sync-initial.ts';

export async function run(): Promise<void> {
  const server = await benchServer();
  try {
    await benchInitialSync(server);
    await benchPush(server);
    await benchStreamLatency(server);
  } finally {
    await server.release();
  }
}
