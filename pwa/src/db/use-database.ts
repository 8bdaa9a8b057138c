export { DatabaseContext, useDatabase, useOptionalDatabase } from './database-context.ts';
