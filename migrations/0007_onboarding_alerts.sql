CREATE TABLE "account_openings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"prefill" jsonb NOT NULL,
	"verification" jsonb,
	"screening" jsonb,
	"account_id" text,
	"idempotency_key" text NOT NULL,
	"decided_by" text,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "account_openings_idempotency_idx" ON "account_openings" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "account_openings_customer_idx" ON "account_openings" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "account_openings_status_idx" ON "account_openings" USING btree ("status","created_at");