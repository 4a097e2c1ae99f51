// Sums the Vitest and Playwright JSON reports into the one closing line CI reads: "N passed, N failed".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);

const [vitestFile, playwrightFile, ...extraVitest] = process.argv.slice(2);
// Optional further Vitest reports (the stress suite when TEST_STRESS=1).
for (const f of extraVitest) {
	const x = read(f);
	if (!x) {
		console.log(`no Vitest report ${f}`);
		failed += 1;
		continue;
	}
	passed += x.numPassedTests ?? 0;
	failed += x.numFailedTests ?? 0;
	skipped += (x.numPendingTests ?? 0) + (x.numTodoTests ?? 0);
	if (!x.success && !x.numFailedTests) failed += 1;
}
// The static checks of scripts/test.sh (svelte-check, ESLint): one test each.
const st = read('test-results/static.json');
if (st) {
	passed += st.passed ?? 0;
	failed += st.failed ?? 0;
}
const v = read(vitestFile);
if (v) {
	passed += v.numPassedTests ?? 0;
	failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites ?? 0 ? 0 : 0);
	skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
	if (!v.success && !v.numFailedTests) failed += 1; // a suite failed to load
} else {
	console.log('no Vitest report');
	failed += 1;
}
const p = read(playwrightFile);
if (p) {
	passed += p.stats?.expected ?? 0;
	failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0 ? 0 : 0);
	skipped += p.stats?.skipped ?? 0;
	if (p.errors?.length) failed += p.errors.length;
} else {
	console.log('no Playwright report');
	failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
