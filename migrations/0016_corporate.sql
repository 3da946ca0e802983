CREATE TABLE "corporate_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"channel" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "corporate_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"representative_ids" text[] NOT NULL,
	"related_customer_ids" text[] NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"settlement_account_id" text NOT NULL,
	"purpose" text NOT NULL,
	"details" jsonb NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"requested_documents" text[] DEFAULT '{}'::text[] NOT NULL,
	"claimed_by" text,
	"first_approval_by" text,
	"decided_by" text,
	"conditions" text[] DEFAULT '{}'::text[] NOT NULL,
	"return_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"signature" jsonb,
	"signed_at" timestamp with time zone,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "corporate_requests_status_check" CHECK ("corporate_requests"."status" in ('IN_REVIEW', 'DOCUMENTS_REQUESTED', 'APPROVED', 'RETURNED', 'WITHDRAWN', 'DONE')),
	CONSTRAINT "corporate_requests_four_eyes_check" CHECK ("corporate_requests"."claimed_by" is null or "corporate_requests"."first_approval_by" is null or "corporate_requests"."claimed_by" <> "corporate_requests"."first_approval_by")
);
--> statement-breakpoint
CREATE TABLE "expert_guidance_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"summary" text NOT NULL,
	"company_id" text,
	"related_customer_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"opened_by" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"claimed_by" text,
	"decided_by" text,
	"conditions" text[] DEFAULT '{}'::text[] NOT NULL,
	"return_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "expert_guidance_cases_status_check" CHECK ("expert_guidance_cases"."status" in ('OPEN', 'APPROVED', 'RETURNED', 'CANCELLED'))
);
--> statement-breakpoint
ALTER TABLE "corporate_documents" ADD CONSTRAINT "corporate_documents_request_id_corporate_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."corporate_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "corporate_documents_request_idx" ON "corporate_documents" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "corporate_requests_idempotency_idx" ON "corporate_requests" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "corporate_requests_company_idx" ON "corporate_requests" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "corporate_requests_status_idx" ON "corporate_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_guidance_cases_idempotency_idx" ON "expert_guidance_cases" USING btree ("opened_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "expert_guidance_cases_status_idx" ON "expert_guidance_cases" USING btree ("status");--> statement-breakpoint
CREATE INDEX "expert_guidance_cases_reference_idx" ON "expert_guidance_cases" USING btree ("kind","reference");