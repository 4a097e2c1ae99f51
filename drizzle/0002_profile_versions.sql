DROP INDEX "app"."mapping_profile_name_key";--> statement-breakpoint
ALTER TABLE "app"."mapping_profile" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "mapping_profile_name_version_key" ON "app"."mapping_profile" USING btree ("name","version");