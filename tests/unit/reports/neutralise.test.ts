import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseCell } from '../../../src/lib/server/export/neutralise';
import { toCsv } from '../../../src/lib/server/export/csv';

describe('neutralise (the one formula-injection guard)', () => {
	it.each(['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])('prefixes %j', (s) => {
		expect(neutralise(s)).toBe(`'${s}`);
	});
	it.each(['市场监管局', '', '1-2', 'a=b', ' =x', '—'])('leaves %j alone', (s) => {
		expect(neutralise(s)).toBe(s);
	});
	it('passes numbers through (a negative number is not a formula)', () => {
		expect(neutraliseCell(-3)).toBe(-3);
		expect(neutraliseCell(null)).toBe(null);
	});
});

describe('toCsv', () => {
	it('writes a BOM, CRLF, quotes and neutralised text; numbers plain', () => {
		const csv = toCsv(['名称', '值'], [['=1+2', -1.5], ['a,"b"', null], ['@x', 0.25]]);
		expect(csv).toBe('\uFEFF名称,值\r\n\'=1+2,-1.5\r\n"a,""b""",\r\n\'@x,0.25\r\n');
	});
});
