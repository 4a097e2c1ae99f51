CREATE TABLE "app"."jurisdiction_map" (
	"name" text PRIMARY KEY NOT NULL,
	"geojson" text NOT NULL,
	"features" integer NOT NULL,
	"vertices" integer NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "app"."jurisdiction_map" ADD CONSTRAINT "jurisdiction_map_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "app"."user"("id") ON DELETE set null ON UPDATE no action;