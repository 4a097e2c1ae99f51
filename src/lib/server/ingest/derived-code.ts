/**
 * The code an import gives an item, unit or region that a flat export names only by name: a prefix and 10 hex
 * digits of sha256 of the name without blanks, so the same name gets the same code at every import. Used while
 * rows are validated (validate.ts) and while the catalogue is created from them (catalogue.ts).
 */
import { createHash } from 'node:crypto';

const CODE_PREFIX: Record<string, string> = { item_code: 'SX-', dept_code: 'BM-', region_code: 'QH-' };

/** A name without blanks (ASCII whitespace and the full-width space): `市 场监管局` = `市场监管局`. */
export function normalisedNameSql(x: string): string {
	return `regexp_replace(${x}, '[\\s\\x{3000}]+', '', 'g')`;
}

/** SQL for the code derived from a name (NULL for no name): prefix + 10 hex digits of sha256(normalised name). */
export function derivedCodeSql(column: string, nameSql: string): string {
	return `CASE WHEN ${nameSql} IS NOT NULL THEN '${CODE_PREFIX[column] ?? 'X-'}' || upper(left(sha256(${normalisedNameSql(nameSql)}), 10)) END`;
}

/** The same derived code in Node (tests, docs). */
export function derivedCode(column: 'item_code' | 'dept_code' | 'region_code', name: string): string {
	const n = name.trim().replace(/[\s\u3000]+/g, '');
	return CODE_PREFIX[column] + createHash('sha256').update(n).digest('hex').slice(0, 10).toUpperCase();
}
