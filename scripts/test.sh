#!/usr/bin/env bash
# `npm test`: installs what the tests need when missing, then runs unit + integration (Vitest) and
# browser tests (Playwright, Debian's Chromium) and the static checks (svelte-check, ESLint), and prints one
# closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "Installing system packages: ${need[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
			|| echo "warning: apt-get install ${need[*]} failed; tests that need them will say so"
	else
		echo "warning: missing ${need[*]} and not root; install them with apt-get to run every test"
	fi
fi
[ -d node_modules/@sveltejs/kit ] || npm ci

mkdir -p test-results
rc=0
npx svelte-kit sync >/dev/null
# Build first: some integration tests start the production server (two instances on one PostgreSQL).
npm run --silent build >test-results/build.log 2>&1 || { cat test-results/build.log; echo "build failed"; rc=1; }
# Static checks (svelte-check + TypeScript, ESLint): each counts as one test in the closing line.
static_passed=0
static_failed=0
for check in check lint; do
	if npm run --silent "$check" >"test-results/$check.log" 2>&1; then
		static_passed=$((static_passed + 1))
	else
		cat "test-results/$check.log"
		echo "npm run $check failed"
		static_failed=$((static_failed + 1))
		rc=1
	fi
done
printf '{"passed":%d,"failed":%d}\n' "$static_passed" "$static_failed" >test-results/static.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || rc=1
if [ -f build/index.js ]; then
	PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json || rc=1
fi
extra=()
# TEST_STRESS=1 (set by .ci/run): also the long hardening cases (`npm run test:stress`, ~2 minutes).
if [ "${TEST_STRESS:-0}" = 1 ]; then
	npx vitest run --config tests/hardening/stress/vitest.config.ts --reporter=default --reporter=json \
		--outputFile.json=test-results/vitest-stress.json || rc=1
	extra+=(test-results/vitest-stress.json)
fi
node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json "${extra[@]}" || rc=1
exit $rc
