/** Pure ECharts option builders (client-safe, also used server-side for report charts). */
export type { ChartSpec, ChartTable, TableColumn, Cell, Grade, ChartOption } from './types';
export { trendOption, type TrendInput } from './trend';
export { rankingOption, type RankingInput, type RankingRow } from './ranking';
export {
	histogramOption,
	handoverLagOption,
	binCounts,
	ruleEdges,
	binLabel,
	type Bin,
	type HistogramInput,
	type HandoverLagInput
} from './histogram';
export { ratingStackOption, type RatingInput, type RatingRow } from './ratings';
export { barsOption, type BarsInput, type BarSeries } from './bars';
export { GRADE_COLOURS, RATING_COLOURS, gradeColour, PALETTE } from './theme';
