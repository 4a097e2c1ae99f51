/**
 * Reject reasons: short stable codes (stored in `rejects.reason`, used by the UI and tests) and their
 * readable Chinese / English text. `rejects.detail` carries a code's parameter (e.g. the first row of a
 * duplicate key, the parser's message for a ragged row).
 */
export const REJECT_REASONS = {
	missing_value: ['必填值为空', 'required value is empty'],
	bad_date: ['无法识别的日期或时间', 'unrecognised or impossible date / time'],
	date_out_of_range: ['日期超出支持范围 2000–2035', 'date outside the supported range 2000–2035'],
	bad_number: ['不是整数', 'not a whole number'],
	negative_value: ['不能为负数', 'must not be negative'],
	unknown_value: ['无法识别的取值', 'value not in the mapping profile'],
	unknown_code: ['引用的编码不存在', 'referenced code does not exist'],
	duplicate_key: ['文件内主键重复（保留首次出现）', 'duplicate key in the file (first occurrence kept)'],
	ragged_row: ['列数与表头不一致', 'number of fields differs from the header'],
	bad_quote: ['引号不匹配', 'unbalanced quotes'],
	bad_encoding: ['文本编码无效', 'invalid text encoding'],
	line_too_long: ['行过长', 'line too long'],
	unreadable_row: ['无法读取的行', 'unreadable row']
} as const satisfies Record<string, readonly [string, string]>;

export type RejectReason = keyof typeof REJECT_REASONS;

export function reasonText(code: string, detail?: string | null): string {
	const r = (REJECT_REASONS as Record<string, readonly [string, string]>)[code];
	const base = r ? `${r[0]} / ${r[1]}` : code;
	if (!detail) return base;
	if (code === 'duplicate_key') return `${base}: 首次出现于第 ${detail} 行 / first at row ${detail}`;
	return `${base}: ${detail}`;
}
