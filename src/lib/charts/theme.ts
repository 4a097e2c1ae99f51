/**
 * Colours and shared option pieces. Traffic lights for grades and flags (green → amber → red), a
 * five-step red → green scale for ratings, a calm palette for series. Colours are never the only
 * carrier of meaning: grades are also written out in labels and tables.
 */
import type { Grade } from './types';

export const FONT =
	"'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";

export const PALETTE = ['#2563eb', '#0f766e', '#9333ea', '#ea580c', '#64748b', '#db2777', '#65a30d'];

export const GRADE_COLOURS: Record<Grade, string> = {
	excellent: '#15803d',
	good: '#65a30d',
	pass: '#d97706',
	fail: '#b91c1c'
};
export const NO_GRADE_COLOUR = '#9ca3af';

/** Score 1 (very dissatisfied) … 5 (very satisfied). */
export const RATING_COLOURS = ['#b91c1c', '#f97316', '#facc15', '#84cc16', '#15803d'];

export const TARGET_COLOUR = '#b91c1c';
export const OK_COLOUR = '#2563eb';
export const WARN_COLOUR = '#d97706';
export const BAD_COLOUR = '#b91c1c';
export const AXIS_COLOUR = '#6b7280';
export const GRID_LINE = '#e5e7eb';

export function gradeColour(g: Grade | null | undefined): string {
	return g ? GRADE_COLOURS[g] : NO_GRADE_COLOUR;
}

export const BASE = {
	textStyle: { fontFamily: FONT, fontSize: 12, color: '#1f2937' },
	color: PALETTE,
	animationDuration: 300
} as const;

export const AXIS_LABEL = { color: AXIS_COLOUR, fontSize: 12 } as const;
export const SPLIT_LINE = { lineStyle: { color: GRID_LINE } } as const;
