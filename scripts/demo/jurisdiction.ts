/**
 * The demo jurisdiction, modelled on the seeds: 临江市 (a fictional city) delegates powers to 江源县 (a county,
 * as Panjin → Panshan), 河西区 (a district, as Guangzhou → Panyu), 临江经济技术开发区 (a park, as Changsha →
 * Ningxiang park) and three towns. 29 receiving departments in four peer groups, plus the city's 20 source
 * departments (their own peer group: they still handle retained items and, wrongly, some delegated ones).
 *
 * Invariant: codes are stable for a given seed; region and department lists are small and fully in memory.
 */
import type { Rng } from './random';

export type RegionLevel = 'city' | 'county' | 'district' | 'park' | 'town' | 'village';

export interface Region {
	region_code: string;
	name: string;
	level: RegionLevel;
	parent_code: string | null;
}

/** Functional sector: links a receiving department to the city department that delegates to it. */
export type Sector =
	| 'fgw'
	| 'edu'
	| 'police'
	| 'civil'
	| 'justice'
	| 'finance'
	| 'hrss'
	| 'land'
	| 'env'
	| 'housing'
	| 'transport'
	| 'water'
	| 'agri'
	| 'commerce'
	| 'culture'
	| 'health'
	| 'safety'
	| 'market'
	| 'urban'
	| 'defense';

export type PeerKind = 'city' | 'county' | 'district' | 'park' | 'town';

export interface Department {
	dept_code: string;
	name: string;
	region_code: string;
	peer_group: string;
	kind: PeerKind;
	/** Sectors whose items this department handles (receiving depts) or owns (city depts). */
	sectors: Sector[];
	/** Demo role: a 后进单位 (slow, overdue, unhappy applicants, late rectification). */
	lagging: boolean;
}

export const PEER_GROUPS: Record<PeerKind, string> = {
	city: '市直部门',
	county: '县直部门',
	district: '区直部门',
	park: '园区机构',
	town: '乡镇街道'
};

const CITY = '439000';
const COUNTY = '439021';
const DISTRICT = '439002';
const PARK = '439071';

export const REGIONS: Region[] = [
	{ region_code: CITY, name: '临江市', level: 'city', parent_code: null },
	{ region_code: COUNTY, name: '江源县', level: 'county', parent_code: CITY },
	{ region_code: DISTRICT, name: '河西区', level: 'district', parent_code: CITY },
	{ region_code: PARK, name: '临江经济技术开发区', level: 'park', parent_code: CITY },
	{ region_code: '439021101', name: '青山镇', level: 'town', parent_code: COUNTY },
	{ region_code: '439021102', name: '白沙镇', level: 'town', parent_code: COUNTY },
	{ region_code: '439021103', name: '双河镇', level: 'town', parent_code: COUNTY },
	{ region_code: '439002001', name: '望岳街道', level: 'town', parent_code: DISTRICT },
	{ region_code: '439021101201', name: '青山村', level: 'village', parent_code: '439021101' },
	{ region_code: '439021101202', name: '石门村', level: 'village', parent_code: '439021101' }
];

/** City source departments: sector → name. */
const CITY_DEPTS: [Sector, string][] = [
	['fgw', '临江市发展和改革委员会'],
	['edu', '临江市教育局'],
	['police', '临江市公安局'],
	['civil', '临江市民政局'],
	['justice', '临江市司法局'],
	['finance', '临江市财政局'],
	['hrss', '临江市人力资源和社会保障局'],
	['land', '临江市自然资源和规划局'],
	['env', '临江市生态环境局'],
	['housing', '临江市住房和城乡建设局'],
	['transport', '临江市交通运输局'],
	['water', '临江市水利局'],
	['agri', '临江市农业农村局'],
	['commerce', '临江市商务局'],
	['culture', '临江市文化旅游广电体育局'],
	['health', '临江市卫生健康委员会'],
	['safety', '临江市应急管理局'],
	['market', '临江市市场监督管理局'],
	['urban', '临江市城市管理综合执法局'],
	['defense', '临江市人民防空办公室']
];

/** Receiving departments (29, as Panshan's 29 承接部门): [kind, region, name, sectors, lagging]. */
const RECEIVING: [PeerKind, string, string, Sector[], boolean][] = [
	['county', COUNTY, '江源县发展和改革局', ['fgw'], false],
	['county', COUNTY, '江源县教育局', ['edu'], false],
	['county', COUNTY, '江源县公安局', ['police'], false],
	['county', COUNTY, '江源县民政局', ['civil'], false],
	['county', COUNTY, '江源县人力资源和社会保障局', ['hrss'], false],
	['county', COUNTY, '江源县自然资源局', ['land'], true],
	['county', COUNTY, '江源县生态环境分局', ['env'], false],
	['county', COUNTY, '江源县住房和城乡建设局', ['housing'], false],
	['county', COUNTY, '江源县交通运输局', ['transport'], false],
	['county', COUNTY, '江源县水利局', ['water'], false],
	['county', COUNTY, '江源县农业农村局', ['agri'], false],
	['county', COUNTY, '江源县卫生健康局', ['health'], false],
	['county', COUNTY, '江源县市场监督管理局', ['market'], false],
	['district', DISTRICT, '河西区发展和改革局', ['fgw'], false],
	['district', DISTRICT, '河西区住房和城乡建设局', ['housing'], true],
	['district', DISTRICT, '河西区卫生健康局', ['health'], false],
	['district', DISTRICT, '河西区市场监督管理局', ['market'], false],
	['district', DISTRICT, '河西区文化旅游体育局', ['culture'], false],
	['district', DISTRICT, '河西区商务局', ['commerce'], false],
	['district', DISTRICT, '河西区城市管理局', ['urban'], false],
	['district', DISTRICT, '河西区应急管理局', ['safety'], false],
	['park', PARK, '临江经开区经济发展局', ['fgw', 'commerce'], false],
	['park', PARK, '临江经开区规划建设局', ['land', 'housing'], true],
	['park', PARK, '临江经开区安全环保局', ['safety', 'env'], false],
	['park', PARK, '临江经开区社会事务局', ['hrss', 'health'], false],
	['park', PARK, '临江经开区行政审批局', ['market', 'defense'], false],
	['town', '439021101', '青山镇便民服务中心', ['civil', 'agri'], false],
	['town', '439021102', '白沙镇便民服务中心', ['agri', 'hrss'], false],
	['town', '439002001', '望岳街道政务服务中心', ['civil', 'hrss'], false]
];

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A code shaped like a 统一社会信用代码 of a government body (11 + region + MB + serial + check). */
function creditCode(region: string, rng: Rng): string {
	let s = '11' + region.slice(0, 6) + 'MB';
	for (let i = 0; i < 7; i++) s += CREDIT_CHARS[rng.int(0, 9)];
	return s + CREDIT_CHARS[rng.int(0, CREDIT_CHARS.length - 1)];
}

export interface Jurisdiction {
	regions: Region[];
	departments: Department[];
	cityDept: Map<Sector, Department>;
	receiving: Department[];
}

export function buildJurisdiction(rng: Rng): Jurisdiction {
	const departments: Department[] = [];
	const cityDept = new Map<Sector, Department>();
	const used = new Set<string>();
	const code = (region: string) => {
		for (;;) {
			const c = creditCode(region, rng);
			if (!used.has(c)) {
				used.add(c);
				return c;
			}
		}
	};
	for (const [sector, name] of CITY_DEPTS) {
		const d: Department = {
			dept_code: code(CITY),
			name,
			region_code: CITY,
			peer_group: PEER_GROUPS.city,
			kind: 'city',
			sectors: [sector],
			lagging: false
		};
		departments.push(d);
		cityDept.set(sector, d);
	}
	const receiving: Department[] = [];
	for (const [kind, region, name, sectors, lagging] of RECEIVING) {
		const d: Department = {
			dept_code: code(region),
			name,
			region_code: region,
			peer_group: PEER_GROUPS[kind],
			kind,
			sectors,
			lagging
		};
		departments.push(d);
		receiving.push(d);
	}
	return { regions: REGIONS, departments, cityDept, receiving };
}
