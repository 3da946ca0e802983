CREATE TABLE "service_request_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"template_code" text NOT NULL,
	"step" text NOT NULL,
	"channel" text NOT NULL,
	"teller_id" text,
	"branch_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"template_code" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"started_on" text NOT NULL,
	"channel" text NOT NULL,
	"fields" jsonb NOT NULL,
	"verified_by" text,
	"teller_id" text,
	"branch_id" text,
	"terminal_id" text,
	"otp_hash" text,
	"otp_expires_at" timestamp with time zone,
	"otp_attempts" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"outcome_reference" text,
	"expert_reference" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "service_requests_status_check" CHECK ("service_requests"."status" in ('VERIFYING', 'FILLING', 'EXPERT_REVIEW', 'PROCESSING', 'DONE', 'FAILED', 'CANCELLED'))
);
--> statement-breakpoint
CREATE TABLE "service_templates" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"spec" jsonb NOT NULL,
	"target_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "branch_terminals" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"label" text NOT NULL,
	"secret_hash" text NOT NULL,
	"registered_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "branch_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"branch_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone,
	"redeemed_by_terminal" text,
	"redeemed_by_teller" text
);
--> statement-breakpoint
CREATE TABLE "form_drafts" (
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"size_bytes" integer NOT NULL,
	"channel" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "form_drafts_customer_id_kind_pk" PRIMARY KEY("customer_id","kind")
);
--> statement-breakpoint
ALTER TABLE "service_request_steps" ADD CONSTRAINT "service_request_steps_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_request_steps_request_idx" ON "service_request_steps" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "service_request_steps_template_idx" ON "service_request_steps" USING btree ("template_code","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_requests_idempotency_idx" ON "service_requests" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "service_requests_customer_idx" ON "service_requests" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "service_requests_teller_idx" ON "service_requests" USING btree ("teller_id","completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_tickets_token_idx" ON "branch_tickets" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "branch_tickets_request_idx" ON "branch_tickets" USING btree ("request_id");