CREATE TABLE "command_keys" (
	"owner" text NOT NULL,
	"key" text NOT NULL,
	"command" text NOT NULL,
	"request_hash" text NOT NULL,
	"subject_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_alerts" ADD COLUMN "seq" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_alerts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "command_keys_owner_key_idx" ON "command_keys" USING btree ("owner","key");--> statement-breakpoint
ALTER TABLE "loan_applications" ADD CONSTRAINT "loan_applications_status_check" CHECK ("loan_applications"."status" in ('SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED', 'APPROVED', 'CONTRACT_SIGNED', 'REJECTED', 'DISBURSED', 'WITHDRAWN'));--> statement-breakpoint
ALTER TABLE "risk_alerts" ADD CONSTRAINT "risk_alerts_status_check" CHECK ("risk_alerts"."status" in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED'));--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_status_check" CHECK ("transfers"."status" in ('PENDING_STEP_UP', 'HELD', 'POSTING', 'POSTED', 'BLOCKED', 'REJECTED', 'FAILED'));--> statement-breakpoint
ALTER TABLE "account_openings" ADD CONSTRAINT "account_openings_status_check" CHECK ("account_openings"."status" in ('DRAFT', 'PENDING_REVIEW', 'OPENING', 'OPENED', 'TERMINATED'));--> statement-breakpoint
UPDATE "risk_alerts" SET
  "seq" = coalesce((SELECT max("seq") FROM "events" WHERE "stream" = 'alert:' || "risk_alerts"."id"), 1),
  "updated_at" = coalesce("resolved_at", "acknowledged_at", "raised_at");
