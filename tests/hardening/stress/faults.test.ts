/**
 * Stress faults: 10 seeded SIGKILLs of a 200 k-row CLI import, readers during it, disk full, read-only.
 * (20 kills of 300 k rows took ~5 of CI's 30 minutes; the kill points are seeded-random over the whole import —
 * read, validate, merge, commit — and the regular suite (tests/hardening/faults.test.ts) kills too, so 10 points
 * on a file that still takes several seconds to import keep every phase covered.)
 */
import { faultSuite } from '../faults-suite';

faultSuite({ label: 'stress', rows: 200_000, kills: 10, seed: 88 });
