/**
 * Supervision notices (督办) as the pages and the API see them, and the workflow's state machine. Client-safe.
 *
 * States: open (issued, awaiting the department) → submitted (the department answered and marked it done)
 * → closed (the supervisor accepted it) or → returned (not good enough; the department answers again →
 * submitted). A notice is overdue while it is not closed and today is after its due date.
 */
export const NOTICE_STATUSES = ['open', 'submitted', 'returned', 'closed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export type NoticeAction = 'create' | 'respond' | 'submit' | 'accept' | 'return';

/** Who may do what from which state; `respond` without marking done keeps the state. */
export const TRANSITIONS: Readonly<
	Record<
		Exclude<NoticeAction, 'create'>,
		{ from: readonly NoticeStatus[]; to: NoticeStatus | null; role: 'department' | 'supervisor' }
	>
> = {
	respond: { from: ['open', 'returned'], to: null, role: 'department' },
	submit: { from: ['open', 'returned'], to: 'submitted', role: 'department' },
	accept: { from: ['submitted'], to: 'closed', role: 'supervisor' },
	return: { from: ['submitted'], to: 'returned', role: 'supervisor' }
};

export function canDo(action: Exclude<NoticeAction, 'create'>, status: NoticeStatus, role: string): boolean {
	const t = TRANSITIONS[action];
	return t.role === role && t.from.includes(status);
}

export function isOverdue(n: { status: NoticeStatus; dueOn: string }, today: string): boolean {
	return n.status !== 'closed' && today > n.dueOn;
}

export interface NoticeSummary {
	id: number;
	deptCode: string;
	deptName: string;
	title: string;
	status: NoticeStatus;
	issuedOn: string;
	dueOn: string;
	deadlineWorkdays: number;
	/** Working days from today to the due date (negative = overdue by that many); null for closed notices. */
	workdaysLeft: number | null;
	overdue: boolean;
	indicator: string | null;
	flag: string | null;
	caseIds: string[];
	periodFrom: string | null;
	periodTo: string | null;
}

export interface NoticeEventView {
	id: number;
	at: string;
	username: string | null;
	action: NoticeAction;
	fromStatus: NoticeStatus | null;
	toStatus: NoticeStatus;
	comment: string;
	attachments: NoticeAttachmentView[];
}

export interface NoticeAttachmentView {
	id: number;
	fileName: string;
	contentType: string;
	size: number;
}

export interface NoticeDetail extends NoticeSummary {
	problem: string;
	requiredAction: string;
	createdBy: string | null;
	/** The reform task this notice was raised from (issue 13). */
	task?: { id: number; number: number; title: string } | null;
	events: NoticeEventView[];
}

export interface NoticeCounts {
	dept_code: string;
	open: number;
	overdue: number;
	closed: number;
	raised: number;
}
