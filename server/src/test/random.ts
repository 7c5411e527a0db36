/**
 * The seeded PRNG of the room's deterministic tests, for integration tests in other modules (they
 * may not reach into the collab module's files; the harness may).
 */
export { SeededRandom } from '../modules/collab/room/testing/random.js';
