/** Issue 8 — faults at `npm test` size: 10 seeded SIGKILLs of a 30 k-row CLI import, readers, disk full, read-only. */
import { faultSuite } from './faults-suite';

faultSuite({ label: 'default', rows: 30_000, kills: 10, seed: 8 });
