/** Stress part of the corpus (HARDENING_STRESS=1 from the stress config): 100 MB single lines, 1.1 M-row XLSX. */
import '../corpus.test';
