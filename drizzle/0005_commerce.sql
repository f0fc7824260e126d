CREATE TYPE "public"."order_provider" AS ENUM('stars', 'telegram', 'stripe', 'yookassa');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('created', 'pending', 'paid', 'fulfilled', 'failed', 'canceled', 'expired', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."payment_mode" AS ENUM('test', 'live');--> statement-breakpoint
CREATE TYPE "public"."payment_provider_kind" AS ENUM('stripe', 'yookassa', 'telegram');--> statement-breakpoint
CREATE TYPE "public"."product_kind" AS ENUM('file', 'link', 'license_key', 'course', 'channel', 'subscription', 'text');--> statement-breakpoint
CREATE TABLE "order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"bot_id" uuid,
	"contact_id" uuid,
	"product_id" uuid,
	"title" text NOT NULL,
	"product_kind" "product_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"provider" "order_provider" NOT NULL,
	"provider_account_id" uuid,
	"test" boolean DEFAULT false NOT NULL,
	"status" "order_status" DEFAULT 'created' NOT NULL,
	"provider_payment_id" text,
	"charge_id" text,
	"provider_charge_id" text,
	"subscription_id" text,
	"checkout_url" text,
	"flow_version_id" uuid,
	"node_id" text,
	"session_step" integer,
	"idempotency_key" text NOT NULL,
	"expires_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"order_id" uuid,
	"provider" "order_provider" NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_provider" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" "payment_provider_kind" NOT NULL,
	"mode" "payment_mode" DEFAULT 'test' NOT NULL,
	"secrets_encrypted" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"image_url" text,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"kind" "product_kind" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"stock" integer,
	"period_days" integer,
	"fiscal_receipt" boolean DEFAULT false NOT NULL,
	"vat_code" integer DEFAULT 1 NOT NULL,
	"delivery" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_bot_id_bot_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bot"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_provider_account_id_payment_provider_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."payment_provider"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_flow_version_id_flow_version_id_fk" FOREIGN KEY ("flow_version_id") REFERENCES "public"."flow_version"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_event" ADD CONSTRAINT "payment_event_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_provider" ADD CONSTRAINT "payment_provider_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_idempotency_uq" ON "order" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "order_provider_payment_uq" ON "order" USING btree ("provider","provider_payment_id") WHERE "order"."provider_payment_id" is not null;--> statement-breakpoint
CREATE INDEX "order_workspace_created_idx" ON "order" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "order_contact_idx" ON "order" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "order_open_idx" ON "order" USING btree ("updated_at") WHERE "order"."status" in ('created', 'pending');--> statement-breakpoint
CREATE UNIQUE INDEX "payment_event_provider_event_uq" ON "payment_event" USING btree ("provider","event_id");--> statement-breakpoint
CREATE INDEX "payment_event_order_idx" ON "payment_event" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_provider_workspace_kind_uq" ON "payment_provider" USING btree ("workspace_id","kind");--> statement-breakpoint
CREATE INDEX "product_workspace_idx" ON "product" USING btree ("workspace_id","created_at");