CREATE TABLE "behaviour_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"session_id" text,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"product_code" text,
	"detail" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "behaviour_events_source_check" CHECK ("behaviour_events"."source" in ('CLIENT', 'GATEWAY')),
	CONSTRAINT "behaviour_events_detail_check" CHECK ("behaviour_events"."detail" is null or char_length("behaviour_events"."detail") <= 200)
);
--> statement-breakpoint
CREATE TABLE "needs_profiles" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"needs" jsonb NOT NULL,
	"advisor_status" text NOT NULL,
	"advisor_id" text,
	"advisor_assigned_at" timestamp with time zone,
	"marketing_consent" boolean NOT NULL,
	"consent_changed_at" timestamp with time zone,
	"consent_channel" text,
	"evaluated_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "needs_profiles_advisor_check" CHECK ("needs_profiles"."advisor_status" in ('NOT_NEEDED', 'PENDING', 'ASSIGNED', 'NO_MANAGER', 'NO_CONSENT'))
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"rule" text NOT NULL,
	"need" text NOT NULL,
	"product_code" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"shown_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	CONSTRAINT "offers_status_check" CHECK ("offers"."status" in ('OPEN', 'ACCEPTED', 'DISMISSED', 'WITHDRAWN'))
);
--> statement-breakpoint
CREATE INDEX "behaviour_events_customer_idx" ON "behaviour_events" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "offers_customer_rule_idx" ON "offers" USING btree ("customer_id","rule","created_at");--> statement-breakpoint
CREATE INDEX "offers_shown_idx" ON "offers" USING btree ("shown_at");