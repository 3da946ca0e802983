CREATE TABLE "corporate_inspections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"mismatches" jsonb NOT NULL,
	"note" text,
	"run_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "corporate_inspections_company_idx" ON "corporate_inspections" USING btree ("company_id","inspected_at");--> statement-breakpoint
CREATE INDEX "corporate_inspections_at_idx" ON "corporate_inspections" USING btree ("inspected_at");