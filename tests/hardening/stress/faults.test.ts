/** Stress faults: 20 seeded SIGKILLs of a 300 k-row CLI import, readers during it, disk full, read-only. */
import { faultSuite } from '../faults-suite';

faultSuite({ label: 'stress', rows: 300_000, kills: 20, seed: 88 });
