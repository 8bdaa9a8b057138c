// Worker entry: TypeScript through tsx, then the client body. Each worker is its own JavaScript
// realm, so each client gets its own RxDB collection budget (13 per realm in the free RxDB).
import { register } from 'tsx/esm/api';

register();
await import('./client-worker.ts');
