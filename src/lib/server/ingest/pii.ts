/**
 * Personal data at ingest: an ID-card number or phone number is never stored. It becomes
 * `applicant_hash`, a keyed hash with APPLICANT_HASH_KEY, so the same applicant links across cases
 * (the repeat-application flag) without the raw number ever reaching the database file.
 *
 * Construction (HMAC-like nested hash, immune to length extension; computable in DuckDB SQL):
 *   inner = sha256_hex("applicant-hash:inner:" + key), outer = sha256_hex("applicant-hash:outer:" + key)
 *   applicant_hash = sha256_hex(outer + sha256_hex(inner + normalised value))
 * Normalisation: ID numbers upper-cased with spaces / hyphens removed; phones reduced to digits with a
 * leading 86 country code dropped. `hashApplicant` (Node) and `hashSql` (DuckDB) give the same result.
 */
import { createHash } from 'node:crypto';
import { getConfig } from '../config';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface HashKeys {
	inner: string;
	outer: string;
}

export function hashKeys(key = getConfig().applicantHashKey): HashKeys {
	return { inner: sha256(`applicant-hash:inner:${key}`), outer: sha256(`applicant-hash:outer:${key}`) };
}

/** A raw Chinese resident ID number (17 digits + digit/X) or an 11-digit mainland mobile number. */
export const RAW_PII_RE = '^([0-9]{17}[0-9Xx]|1[0-9]{10})$';

export function normaliseId(v: string): string {
	return v.replace(/[\s-]/g, '').toUpperCase();
}

export function normalisePhone(v: string): string {
	const d = v.replace(/\D/g, '');
	return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}

export function hashApplicant(normalised: string, keys: HashKeys = hashKeys()): string {
	return sha256(keys.outer + sha256(keys.inner + normalised));
}

/** SQL: keyed hash of an already normalised VARCHAR expression; keys are inlined as hex literals (temp SQL only). */
export function hashSql(expr: string, keys: HashKeys): string {
	const hex = /^[0-9a-f]{64}$/;
	if (!hex.test(keys.inner) || !hex.test(keys.outer)) throw new Error('invalid hash keys');
	return `sha256('${keys.outer}' || sha256('${keys.inner}' || ${expr}))`;
}

export function normaliseIdSql(expr: string): string {
	return `upper(replace(replace(${expr}, ' ', ''), '-', ''))`;
}

export function normalisePhoneSql(expr: string): string {
	return `regexp_replace(regexp_replace(${expr}, '[^0-9]', '', 'g'), '^86([0-9]{11})$', '\\1')`;
}

/**
 * The project owner's verification value (public progress lookup): the last `chars` characters of the
 * owner's 统一社会信用代码 (or 查询码), upper-cased without blanks, under the same keyed hash with its own domain
 * prefix. `projects.owner_verify` holds only this hash; the lookup hashes what the owner types the same way.
 */
export function hashVerify(value: string, chars: number, keys: HashKeys = hashKeys()): string {
	const n = normaliseId(value);
	return hashApplicant(`project-verify:${n.slice(-chars)}`, keys);
}

/** SQL twin of `hashVerify` over a trimmed VARCHAR expression (NULL stays NULL). */
export function verifySql(expr: string, chars: number, keys: HashKeys): string {
	const n = Math.max(1, Math.floor(chars));
	return `CASE WHEN ${expr} IS NOT NULL THEN ${hashSql(`'project-verify:' || right(${normaliseIdSql(expr)}, ${n})`, keys)} END`;
}
