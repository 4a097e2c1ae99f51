/**
 * The project approval items (工程建设项目审批事项) of the demo park, by stage: the catalogue adds them
 * (catalogue.ts), the project plan (projects.ts) files their cases. Names as the reform's stage lists print them;
 * time limits (working days) as a park's service guide promises them.
 *
 * Held by the park's own departments (delegated by the city's departments in the park batch), except the 人防
 * items, which the city's 人民防空办公室 keeps. The park's ordinary delegated items never reuse these names, so
 * an item name at a park department means one item.
 */
import type { Sector } from './jurisdiction';

export type ProjectStage = 'planning' | 'engineering' | 'construction' | 'acceptance';

/** Step ids the plan refers to. */
export type ProjectStep =
	| 'filing'
	| 'approval'
	| 'energy'
	| 'hazchem'
	| 'site'
	| 'landPlanning'
	| 'worksPlanning'
	| 'drawings'
	| 'fireDesign'
	| 'airDefence'
	| 'eia'
	| 'permit'
	| 'jointAcceptance'
	| 'fireAcceptance'
	| 'planningCheck'
	| 'airDefenceAcceptance'
	| 'completionRecord';

export interface ProjectItemSpec {
	step: ProjectStep;
	name: string;
	stage: ProjectStage;
	sector: Sector;
	/** the park's department for the sector, or the city's (人防) */
	holder: 'park' | 'city';
	statutory: number;
	promised: number;
}

export const PROJECT_ITEM_SPECS: ProjectItemSpec[] = [
	// 立项用地规划许可
	{
		step: 'filing',
		name: '企业投资项目备案',
		stage: 'planning',
		sector: 'fgw',
		holder: 'park',
		statutory: 3,
		promised: 1
	},
	{
		step: 'approval',
		name: '企业投资项目核准',
		stage: 'planning',
		sector: 'fgw',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'energy',
		name: '固定资产投资项目节能审查',
		stage: 'planning',
		sector: 'fgw',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'hazchem',
		name: '危险化学品建设项目安全条件审查',
		stage: 'planning',
		sector: 'safety',
		holder: 'park',
		statutory: 45,
		promised: 20
	},
	{
		step: 'site',
		name: '建设项目用地预审与选址意见书核发',
		stage: 'planning',
		sector: 'land',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'landPlanning',
		name: '建设用地规划许可证核发',
		stage: 'planning',
		sector: 'land',
		holder: 'park',
		statutory: 20,
		promised: 7
	},
	// 工程建设许可
	{
		step: 'worksPlanning',
		name: '建设工程规划许可证核发',
		stage: 'engineering',
		sector: 'land',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'drawings',
		name: '施工图设计文件审查备案',
		stage: 'engineering',
		sector: 'housing',
		holder: 'park',
		statutory: 15,
		promised: 10
	},
	// 施工许可
	{
		step: 'fireDesign',
		name: '建设工程消防设计审查',
		stage: 'construction',
		sector: 'housing',
		holder: 'park',
		statutory: 15,
		promised: 10
	},
	{
		step: 'airDefence',
		name: '结合民用建筑修建防空地下室审批',
		stage: 'construction',
		sector: 'defense',
		holder: 'city',
		statutory: 20,
		promised: 10
	},
	{
		step: 'eia',
		name: '建设项目环境影响评价文件审批',
		stage: 'construction',
		sector: 'env',
		holder: 'park',
		statutory: 60,
		promised: 20
	},
	{
		step: 'permit',
		name: '建筑工程施工许可证核发',
		stage: 'construction',
		sector: 'housing',
		holder: 'park',
		statutory: 7,
		promised: 3
	},
	// 竣工验收
	{
		step: 'jointAcceptance',
		name: '建设工程竣工联合验收',
		stage: 'acceptance',
		sector: 'housing',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'fireAcceptance',
		name: '建设工程消防验收',
		stage: 'acceptance',
		sector: 'housing',
		holder: 'park',
		statutory: 15,
		promised: 10
	},
	{
		step: 'planningCheck',
		name: '建设工程规划条件核实',
		stage: 'acceptance',
		sector: 'land',
		holder: 'park',
		statutory: 20,
		promised: 10
	},
	{
		step: 'airDefenceAcceptance',
		name: '人防工程竣工验收备案',
		stage: 'acceptance',
		sector: 'defense',
		holder: 'city',
		statutory: 15,
		promised: 7
	},
	{
		step: 'completionRecord',
		name: '房屋建筑和市政基础设施工程竣工验收备案',
		stage: 'acceptance',
		sector: 'housing',
		holder: 'park',
		statutory: 15,
		promised: 5
	}
];

/** Names the park's ordinary items and the city's retained 人防 items must not take. */
export const PROJECT_ITEM_NAMES: ReadonlySet<string> = new Set(PROJECT_ITEM_SPECS.map((s) => s.name));
