CREATE TYPE "public"."contact_field_type" AS ENUM('text', 'number', 'date', 'boolean');--> statement-breakpoint
CREATE TABLE "contact_field" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"label" text NOT NULL,
	"type" "contact_field_type" DEFAULT 'text' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_field" ADD CONSTRAINT "contact_field_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_field_name_uq" ON "contact_field" USING btree ("workspace_id","name");