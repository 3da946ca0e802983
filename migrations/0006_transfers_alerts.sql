CREATE TABLE "risk_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"customer_id" text,
	"subject" text NOT NULL,
	"summary" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"from_account_id" text NOT NULL,
	"payee_account_number" text NOT NULL,
	"payee_name" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"decision" text NOT NULL,
	"score" integer NOT NULL,
	"signals" jsonb NOT NULL,
	"otp_hash" text,
	"otp_attempts" integer DEFAULT 0 NOT NULL,
	"otp_expires_at" timestamp with time zone,
	"core_transfer_id" text,
	"reviewed_by" text,
	"review_reason" text,
	"seq" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "risk_alerts_status_idx" ON "risk_alerts" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "risk_alerts_customer_idx" ON "risk_alerts" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_idempotency_idx" ON "transfers" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "transfers_customer_idx" ON "transfers" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "transfers_status_idx" ON "transfers" USING btree ("status");