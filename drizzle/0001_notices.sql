CREATE TABLE "app"."notice" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."notice_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"dept_code" text NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"required_action" text NOT NULL,
	"indicator" text,
	"flag" text,
	"case_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"period_from" text,
	"period_to" text,
	"deadline_workdays" integer NOT NULL,
	"issued_on" text NOT NULL,
	"due_on" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "notice_status_check" CHECK ("app"."notice"."status" in ('open', 'submitted', 'returned', 'closed')),
	CONSTRAINT "notice_deadline_check" CHECK ("app"."notice"."deadline_workdays" between 1 and 250)
);
--> statement-breakpoint
CREATE TABLE "app"."notice_attachment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."notice_attachment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"notice_id" integer NOT NULL,
	"event_id" bigint,
	"file_name" text NOT NULL,
	"stored_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."notice_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."notice_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notice_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"username" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app"."notice" ADD CONSTRAINT "notice_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."notice_attachment" ADD CONSTRAINT "notice_attachment_notice_id_notice_id_fk" FOREIGN KEY ("notice_id") REFERENCES "app"."notice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."notice_attachment" ADD CONSTRAINT "notice_attachment_event_id_notice_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "app"."notice_event"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."notice_attachment" ADD CONSTRAINT "notice_attachment_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."notice_event" ADD CONSTRAINT "notice_event_notice_id_notice_id_fk" FOREIGN KEY ("notice_id") REFERENCES "app"."notice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app"."notice_event" ADD CONSTRAINT "notice_event_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_dept_status_idx" ON "app"."notice" USING btree ("dept_code","status");--> statement-breakpoint
CREATE INDEX "notice_due_idx" ON "app"."notice" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "notice_attachment_notice_idx" ON "app"."notice_attachment" USING btree ("notice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_attachment_stored_key" ON "app"."notice_attachment" USING btree ("stored_name");--> statement-breakpoint
CREATE INDEX "notice_event_notice_idx" ON "app"."notice_event" USING btree ("notice_id","at");