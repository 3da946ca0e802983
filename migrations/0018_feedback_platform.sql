CREATE TABLE "feedback_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text,
	"submitted_by" text NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"subject_kind" text,
	"subject_id" uuid,
	"status" text NOT NULL,
	"claimed_by" text,
	"response" text,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"submitted_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"seq" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "feedback_items_status_check" CHECK ("feedback_items"."status" in ('OPEN', 'CLAIMED', 'ESCALATED', 'RESPONDED', 'RESOLVED')),
	CONSTRAINT "feedback_items_text_check" CHECK (char_length("feedback_items"."text") between 1 and 2000),
	CONSTRAINT "feedback_items_subject_check" CHECK (("feedback_items"."subject_kind" is null) = ("feedback_items"."subject_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_items_idempotency_idx" ON "feedback_items" USING btree ("submitted_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "feedback_items_status_due_idx" ON "feedback_items" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "feedback_items_customer_idx" ON "feedback_items" USING btree ("customer_id","submitted_at");--> statement-breakpoint
CREATE INDEX "feedback_items_submitted_idx" ON "feedback_items" USING btree ("submitted_at");