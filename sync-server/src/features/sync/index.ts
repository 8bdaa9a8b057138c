import type { CollectionDefinition } from '@itercraft/shared/schema-kit/define-collection';
import type { Deps } from '../../deps.ts';
import type { FeatureModule } from '../../platform/module.ts';
import { purgeTombstonesJob } from './purge.job.ts';
import type { RulesRegistry } from './rules.ts';
import { syncRouter } from './sync.routes.ts';

export type { CollectionRules, RulesRegistry, WireDoc, PushContext } from './rules.ts';
export { RejectError } from './rules.ts';

export interface SyncModuleOptions {
  /** Replicated collections (default: the shared registry). */
  collections?: readonly CollectionDefinition[];
}

/** The replication protocol for every collection, with the domain rules features contribute. */
export function syncModule(deps: Deps, rules: RulesRegistry, opts: SyncModuleOptions = {}): FeatureModule {
  return {
    name: 'sync',
    router: syncRouter(deps, rules, deps.config.stream, opts.collections),
    jobs: [
      purgeTombstonesJob({ db: deps.db, logger: deps.logger, clock: deps.clock, retentionMs: deps.config.tombstoneRetentionMs }),
    ],
  };
}
