CREATE INDEX "audit_entries_action_at_idx" ON "audit_entries" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "audit_entries" USING btree ("at");--> statement-breakpoint
CREATE INDEX "loan_applications_created_idx" ON "loan_applications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "events_type_occurred_idx" ON "events" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "risk_alerts_raised_idx" ON "risk_alerts" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "transfers_created_idx" ON "transfers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "account_openings_created_idx" ON "account_openings" USING btree ("created_at");--> statement-breakpoint
CREATE TABLE "experience_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"flow" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"csat" integer,
	"nps" integer,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "experience_ratings_csat_check" CHECK ("experience_ratings"."csat" is null or "experience_ratings"."csat" between 1 and 5),
	CONSTRAINT "experience_ratings_nps_check" CHECK ("experience_ratings"."nps" is null or "experience_ratings"."nps" between 0 and 10),
	CONSTRAINT "experience_ratings_some_score_check" CHECK ("experience_ratings"."csat" is not null or "experience_ratings"."nps" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "experience_ratings_once_idx" ON "experience_ratings" USING btree ("customer_id","flow","subject_id");--> statement-breakpoint
CREATE INDEX "experience_ratings_rated_idx" ON "experience_ratings" USING btree ("rated_at");