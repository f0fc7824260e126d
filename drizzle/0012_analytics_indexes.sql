ALTER TABLE "flow_hit" DROP CONSTRAINT "flow_hit_flow_version_id_flow_version_id_fk";
--> statement-breakpoint
DROP INDEX "contact_workspace_idx";--> statement-breakpoint
CREATE INDEX "order_workspace_paid_idx" ON "order" USING btree ("workspace_id","paid_at") WHERE "order"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "external_event_workspace_received_idx" ON "external_event" USING btree ("workspace_id","received_at");--> statement-breakpoint
CREATE INDEX "contact_workspace_idx" ON "contact" USING btree ("workspace_id","created_at");