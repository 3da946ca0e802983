CREATE TABLE "loan_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"product_code" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"term_months" integer NOT NULL,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"decision" jsonb,
	"approved_amount" numeric(18, 2),
	"annual_rate" text,
	"monthly_payment" numeric(18, 2),
	"requested_documents" text[] DEFAULT '{}'::text[] NOT NULL,
	"claimed_by" text,
	"first_approval_by" text,
	"decided_by" text,
	"disbursement_account_id" text,
	"disbursement_id" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"channel" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"payload" jsonb NOT NULL,
	"topics" text[] NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "loan_documents" ADD CONSTRAINT "loan_documents_application_id_loan_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."loan_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_applications_idempotency_idx" ON "loan_applications" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_applications_one_open_per_product_idx" ON "loan_applications" USING btree ("customer_id","product_code") WHERE "loan_applications"."status" in ('SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED', 'APPROVED', 'CONTRACT_SIGNED');--> statement-breakpoint
CREATE INDEX "loan_applications_customer_idx" ON "loan_applications" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "loan_applications_status_idx" ON "loan_applications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "loan_documents_application_idx" ON "loan_documents" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_stream_seq_idx" ON "events" USING btree ("stream","seq");