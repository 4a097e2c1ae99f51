#!/usr/bin/env node
/**
 * `npm run demo`: from a fresh clone (after `npm ci`) to a running server with the demo jurisdiction.
 *   1. generate the demo data (scripts/generate-demo.ts; skipped when OUT already holds the same run)
 *   2. import it into the analytics database with the CLI (skipped when that database already has it)
 *   3. build the app (skipped when build/ is newer than the sources)
 *   4. create one demo login per role, when the CLI has a `user` command
 *   5. start `node build`, wait until it answers, print the URL and the logins; Ctrl-C stops it.
 * Environment: DATA_DIR, ANALYTICS_DB, PORT (3000), HOST (0.0.0.0) as for the app; DEMO_DIR (data/demo) and
 * DEMO_CASES (200000) for the generator, which also plans the park's investment projects (150 at the default
 * size: DEMO_DIR/projects.csv and their cases, imported with the other canonical files of DEMO_DIR) and writes
 * the platform-style flat exports of the same cases (DEMO_DIR/flat/办件明细.csv with 项目代码 / 审批阶段,
 * 好差评.csv); DEMO_EMPTY=1 starts with an empty analytics database (the flat exports are then imported from the
 * UI, as a county would). Everything else is passed through to the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const env = process.env;
const dataDir = env.DATA_DIR || 'data';
const db = path.resolve(env.ANALYTICS_DB || path.join(dataDir, 'analytics.duckdb'));
const out = env.DEMO_DIR || 'data/demo';
const cases = env.DEMO_CASES || '200000';
const empty = env.DEMO_EMPTY === '1';
const port = env.PORT || '3000';
const host = env.HOST || '0.0.0.0';
const tsx = fs.existsSync('node_modules/.bin/tsx') ? 'node_modules/.bin/tsx' : null;
const steps = 7;
let stepNo = 0;

const step = (msg) => console.log(`\n[${++stepNo}/${steps}] ${msg}`);
const info = (msg) => console.log(`      ${msg}`);
function fail(msg) {
	console.error(`\nnpm run demo: ${msg}`);
	process.exit(1);
}

/** Run a command with inherited output; returns the exit status. */
function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env, ...opts });
	if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
	return r.status ?? 1;
}

/** Run a command and capture stdout (stderr passes through). */
function capture(cmd, args) {
	const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env, encoding: 'utf8' });
	return { status: r.status ?? 1, stdout: r.stdout ?? '' };
}

const tsxArgs = (script, args) => (tsx ? [tsx, [script, ...args]] : ['npx', ['tsx', script, ...args]]);
const cliSource = fs.readFileSync('src/cli/index.ts', 'utf8');
const hasCommand = (name) => new RegExp(`^\\s*['"]?${name}['"]?\\s*:\\s*async`, 'm').test(cliSource);
const cli = (args) => tsxArgs('src/cli/index.ts', args);

if (!fs.existsSync('node_modules/@duckdb/node-api')) fail('dependencies are missing: run `npm ci` first');

// 1. Demo data.
step(`Demo data (${Number(cases).toLocaleString('en')} cases) in ${out}`);
if (run(...tsxArgs('scripts/generate-demo.ts', ['--out', out, '--cases', cases, '--flat', 'csv', '--skip-if-current'])) !== 0)
	fail('the demo generator failed (see above)');
const manifestFile = path.join(out, '.demo-manifest.json');
const manifestText = fs.readFileSync(manifestFile, 'utf8');
const manifest = JSON.parse(manifestText);
const demoId = crypto.createHash('sha256').update(manifestText).digest('hex').slice(0, 16);

// 2. Import.
step(`Import into the analytics database ${path.relative(root, db) || db}`);
const markerFile = path.join(out, '.demo-imported.json');
const markers = fs.existsSync(markerFile) ? JSON.parse(fs.readFileSync(markerFile, 'utf8')) : {};
let imported = markers[db] === demoId && fs.existsSync(db);
if (imported && hasCommand('tables')) {
	// Double-check the database still holds the demo's cases (it may have been replaced since).
	const r = capture(...cli(['tables', '--db', db, '--json']));
	try {
		const t = JSON.parse(r.stdout);
		const n = Array.isArray(t) ? t.find((x) => x.table === 'cases')?.rows : (t.cases?.rows ?? t.cases);
		if (r.status !== 0 || !(Number(n) >= manifest.counts.cases)) imported = false;
	} catch {
		imported = false;
	}
}
if (empty) info(`DEMO_EMPTY=1: nothing imported — import ${path.join(out, 'flat')}/办件明细.csv and 好差评.csv on the import screen`);
else if (imported) info('the database already holds this demo batch; import skipped');
else if (!hasCommand('ingest')) {
	info('the CLI has no `ingest` command yet: import skipped, the app will start without the demo data');
} else {
	fs.mkdirSync(path.dirname(db), { recursive: true });
	info(`npx tsx src/cli/index.ts ingest --db ${db} ${out}`);
	if (run(...cli(['ingest', '--db', db, out])) !== 0) fail('the import failed (see above)');
	info(`platform-style flat exports of the same cases, to try the import screen with: ${path.join(out, 'flat')}/`);
	markers[db] = demoId;
	fs.writeFileSync(markerFile, JSON.stringify(markers, null, 2) + '\n');
}

// 3. Build.
step('Build the app');
function newest(p) {
	if (!fs.existsSync(p)) return 0;
	const st = fs.statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let m = st.mtimeMs;
	for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
	return m;
}
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];
const builtAt = fs.existsSync('build/index.js') ? fs.statSync('build/index.js').mtimeMs : 0;
if (builtAt && builtAt > Math.max(...sources.map(newest)))
	info('build/ is newer than the sources; build skipped');
else if (run('npm', ['run', '--silent', 'build']) !== 0) fail('the build failed (see above)');

// 4. Demo logins (before the server starts: the embedded app database allows one process at a time).
step('Demo logins');
const logins = [];
if (!hasCommand('user')) info('no user accounts in this version yet');
else {
	const depts = fs
		.readFileSync(path.join(out, 'departments.csv'), 'utf8')
		.split('\n')
		.slice(1)
		.map((l) => l.split(','));
	const deptRow =
		depts.find((d) => d[1] === '河西区住房和城乡建设局') ?? depts.find((d) => d[3] && d[3] !== '市直部门');
	const wanted = [
		{ username: 'demo-admin', role: 'admin', name: '系统管理员（演示）' },
		{ username: 'demo-leader', role: 'leader', name: '领导小组组长（演示）' },
		{ username: 'demo-supervisor', role: 'supervisor', name: '督查室（演示）' },
		{
			username: 'demo-dept',
			role: 'department',
			name: `${deptRow?.[1] ?? '部门'}（演示）`,
			dept: deptRow?.[0]
		}
	];
	const listed = capture(...cli(['user', 'list', '--json']));
	let existing = [];
	try {
		existing = JSON.parse(listed.stdout).map((u) => u.username);
	} catch {
		info('could not list users (is the server already running on this database?)');
	}
	for (const u of wanted) {
		const password = `${u.role}-demo-2026`;
		if (existing.includes(u.username)) {
			logins.push({ ...u, password, note: 'existing account' });
			continue;
		}
		const args = [
			'user',
			'add',
			'--username',
			u.username,
			'--password',
			password,
			'--role',
			u.role,
			'--name',
			u.name
		];
		if (u.dept) args.push('--dept', u.dept);
		if (run(...cli(args)) === 0) logins.push({ ...u, password });
		else info(`could not create ${u.username}; continuing`);
	}
}

// 4b. The reform task ledger: a fictional plan of the demo city with reports and reviews (idempotent).
if (hasCommand('ledger')) {
	step('Reform task ledger (demo plan)');
	if (run(...cli(['ledger', 'import-demo', '--db', db])) !== 0) info('could not import the demo plan; continuing');
}

// 4c. The jurisdiction map (issue 15): the generator's fictional shapes (written here too for an older run), stored
// as an administrator's upload would be.
if (hasCommand('map')) {
	step('Jurisdiction map (fictional demo shapes)');
	const mapFile = path.join(out, 'map', 'jurisdiction.geojson');
	if (!fs.existsSync(mapFile)) run(...tsxArgs('scripts/demo/map.ts', ['--out', out]));
	if (empty) info(`DEMO_EMPTY=1: after the import, upload ${mapFile} on /admin/map (its regions must exist first)`);
	else if (run(...cli(['map', 'import', '--file', mapFile, '--db', db])) !== 0) info('could not store the demo map; continuing');
}

// 5. Server.
step(`Start the server (node build) on ${host}:${port}`);
await new Promise((resolve) => {
	const probe = net.createServer();
	probe.once('error', (e) =>
		fail(
			e.code === 'EADDRINUSE'
				? `port ${port} is already in use: stop that process or set PORT=…`
				: `cannot listen on ${host}:${port}: ${e.message}`
		)
	);
	probe.listen(Number(port), host, () => probe.close(resolve));
});
const origin = (
	env.ORIGIN || `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`
).replace(/\/$/, '');
const server = spawn(process.execPath, ['build'], {
	stdio: 'inherit',
	// adapter-node assumes https when ORIGIN is unset, and SvelteKit's CSRF check then refuses every form
	// post (sign-in included) over plain http: the demo serves one origin, the URL it prints. Uploads above
	// adapter-node's 512 KB default body limit (any county's 办件 export) would be refused: the demo raises it.
	env: { ...env, PORT: port, HOST: host, ORIGIN: origin, BODY_SIZE_LIMIT: env.BODY_SIZE_LIMIT || '1G' }
});
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.on(sig, () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping the server…');
		server.kill('SIGTERM');
	});
}
server.on('exit', (code, signal) => {
	if (!stopping) console.error(`\nthe server exited (${signal ?? `code ${code}`})`);
	process.exit(stopping ? 0 : (code ?? 1));
});

const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/`;
const deadline = Date.now() + 60_000;
for (;;) {
	try {
		const r = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
		if (r.status < 500) break;
	} catch {
		/* not up yet */
	}
	if (stopping) await new Promise(() => {});
	if (Date.now() > deadline) {
		server.kill('SIGTERM');
		fail(`the server did not answer on ${url} within 60 s`);
	}
	await new Promise((r) => setTimeout(r, 300));
}
console.log(
	`\n  临江市 demo is running: ${origin}/${host === '0.0.0.0' ? `  (listening on all interfaces, port ${port})` : ''}` +
		`\n  Open it at exactly this address: sign-in checks the origin. To serve another address, set ORIGIN, e.g.` +
		`\n  ORIGIN=http://192.168.1.10:${port} npm run demo`
);
if (logins.length) {
	console.log('\n  Demo logins:');
	for (const l of logins)
		console.log(
			`    ${l.role.padEnd(10)} ${l.username.padEnd(16)} ${l.password}${l.dept ? `   (${l.name.replace('（演示）', '')})` : ''}${l.note ? `   [${l.note}]` : ''}`
		);
}
console.log('\n  Press Ctrl-C to stop.\n');
