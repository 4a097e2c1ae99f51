CREATE TABLE "app"."task" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"group_number" text,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"schedule" text,
	"ongoing" boolean DEFAULT false NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."task_attachment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_attachment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"report_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"stored_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."task_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"report_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"username" text,
	"action" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."task_milestone" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_milestone_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"position" integer NOT NULL,
	"due" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."task_plan" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_plan_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"source_name" text DEFAULT '' NOT NULL,
	"groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."task_report" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_report_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"dept_code" text NOT NULL,
	"status" text NOT NULL,
	"milestone_id" integer,
	"text" text NOT NULL,
	"author_id" integer,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "task_report_status_check" CHECK ("app"."task_report"."status" in ('on_track', 'at_risk', 'milestone_met', 'done')),
	CONSTRAINT "task_report_review_check" CHECK ("app"."task_report"."review" in ('pending', 'accepted', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "app"."task_unit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."task_unit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"role" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"dept_code" text,
	CONSTRAINT "task_unit_role_check" CHECK ("app"."task_unit"."role" in ('lead', 'support'))
);
--> statement-breakpoint
ALTER TABLE "app"."notice" ADD COLUMN "task_id" integer;--> statement-breakpoint
ALTER TABLE "app"."task" ADD CONSTRAINT "task_plan_id_task_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "app"."task_plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_attachment" ADD CONSTRAINT "task_attachment_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "app"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_attachment" ADD CONSTRAINT "task_attachment_report_id_task_report_id_fk" FOREIGN KEY ("report_id") REFERENCES "app"."task_report"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_attachment" ADD CONSTRAINT "task_attachment_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_event" ADD CONSTRAINT "task_event_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "app"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_event" ADD CONSTRAINT "task_event_report_id_task_report_id_fk" FOREIGN KEY ("report_id") REFERENCES "app"."task_report"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_event" ADD CONSTRAINT "task_event_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_milestone" ADD CONSTRAINT "task_milestone_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "app"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_plan" ADD CONSTRAINT "task_plan_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_report" ADD CONSTRAINT "task_report_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "app"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_report" ADD CONSTRAINT "task_report_milestone_id_task_milestone_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "app"."task_milestone"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_report" ADD CONSTRAINT "task_report_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."task_unit" ADD CONSTRAINT "task_unit_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "app"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "task_plan_number_key" ON "app"."task" USING btree ("plan_id","number");--> statement-breakpoint
CREATE INDEX "task_attachment_task_idx" ON "app"."task_attachment" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_attachment_stored_key" ON "app"."task_attachment" USING btree ("stored_name");--> statement-breakpoint
CREATE INDEX "task_event_task_idx" ON "app"."task_event" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "task_milestone_task_idx" ON "app"."task_milestone" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_report_task_idx" ON "app"."task_report" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "task_unit_task_idx" ON "app"."task_unit" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_unit_dept_idx" ON "app"."task_unit" USING btree ("dept_code");