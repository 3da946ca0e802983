CREATE TABLE "backend_call_minutes" (
	"minute" timestamp with time zone NOT NULL,
	"backend" text NOT NULL,
	"ok" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "backend_call_minutes_minute_backend_pk" PRIMARY KEY("minute","backend")
);
--> statement-breakpoint
CREATE INDEX "service_requests_completed_idx" ON "service_requests" USING btree ("completed_at");