/**
 * `cli map import --file F.geojson [--db ANALYTICS.duckdb] [--json]` — validate a jurisdiction map against the
 * analytics database's regions and store it in the app database (what /admin/map's upload does);
 * `cli map remove`; `cli map show [--json]` (what is stored, no geometry). Audit-logged as `cli:<os user>`.
 * Same app database rules as `cli user` (the embedded one only while the server is stopped). Exit 1 with every
 * problem listed when the file is invalid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeAppDb, getAppDb } from '../../lib/server/appdb/index';
import { openAnalytics } from '../../lib/server/analytics/db';
import { dimensionOptions } from '../../lib/server/analytics/dimensions';
import { auditAs } from '../../lib/server/auth/audit';
import { MapError, parseJurisdictionMap } from '../../lib/server/map/geojson';
import { jurisdictionMapInfo, removeJurisdictionMap, saveJurisdictionMap } from '../../lib/server/map/store';
import { opt, parseArgs, requireOpt, UsageError } from '../args';
import type { Command } from '../command';

const actor = () => ({ username: `cli:${os.userInfo().username}` });

const command: Command = {
	summary: 'jurisdiction map: import (validated) / remove / show the deployment’s map of its regions',
	usage: 'map import --file F.geojson [--db ANALYTICS.duckdb] [--json] | map remove | map show [--json]',
	async run(argv) {
		const [sub, ...rest] = argv;
		if (sub === 'import') {
			const a = parseArgs(rest, { values: ['file', 'db'], flags: ['json'] });
			const file = requireOpt(a, 'file');
			if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
			const analytics = await openAnalytics(opt(a, 'db'), { readOnly: true });
			const regions = (await dimensionOptions(analytics)).regions;
			let parsed;
			try {
				parsed = parseJurisdictionMap(fs.readFileSync(file), new Set(regions.map((r) => r.code)));
			} catch (e) {
				if (!(e instanceof MapError)) throw e;
				console.error(`${file}: 地图文件有误，未保存 / the map file is invalid, nothing stored:`);
				for (const p of e.problems) console.error(`  ${p.zh}\n    ${p.en}`);
				return 1;
			}
			try {
				const db = await getAppDb();
				const stored = await saveJurisdictionMap(db, parsed, { fileName: path.basename(file) });
				const missing = regions.filter((r) => !stored.codes.includes(r.code)).map((r) => r.code);
				await auditAs(db, actor(), 'map.upload', {
					file: path.basename(file),
					features: stored.features,
					vertices: stored.vertices,
					bytes: stored.bytes,
					sha256: stored.sha256
				});
				if (a.options.json)
					console.log(
						JSON.stringify({
							features: stored.features,
							vertices: stored.vertices,
							bytes: stored.bytes,
							sha256: stored.sha256,
							without_shape: missing
						})
					);
				else
					console.log(
						`jurisdiction map stored: ${stored.features} regions, ${stored.vertices} positions` +
							(missing.length ? `; without a shape: ${missing.join(', ')}` : '')
					);
			} finally {
				await closeAppDb();
			}
			return 0;
		}
		if (sub === 'remove') {
			parseArgs(rest, {});
			try {
				const db = await getAppDb();
				const gone = await removeJurisdictionMap(db);
				if (gone) await auditAs(db, actor(), 'map.remove', {});
				console.log(gone ? 'jurisdiction map removed' : 'no jurisdiction map stored');
			} finally {
				await closeAppDb();
			}
			return 0;
		}
		if (sub === 'show') {
			const a = parseArgs(rest, { flags: ['json'] });
			try {
				const info = await jurisdictionMapInfo(await getAppDb());
				if (a.options.json) console.log(JSON.stringify(info));
				else if (!info) console.log('no jurisdiction map stored');
				else
					console.log(
						`${info.features} regions (${info.codes.join(', ')}), ${info.vertices} positions, ${info.bytes} bytes, ` +
							`uploaded ${info.updatedAt.toISOString()}${info.updatedBy ? ` by ${info.updatedBy}` : ''}${info.fileName ? ` from ${info.fileName}` : ''}`
					);
			} finally {
				await closeAppDb();
			}
			return 0;
		}
		throw new UsageError(sub ? `unknown subcommand: ${sub}` : 'a subcommand is required');
	}
};

export default command;
