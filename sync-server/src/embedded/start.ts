/**
 * `npm start` (root package.json): the server entry with everything embedded that the
 * environment does not provide; see main.ts and embedded/index.ts.
 */
import '../main.ts';
