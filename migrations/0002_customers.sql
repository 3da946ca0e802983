CREATE TABLE "bureau_authorizations" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"authorized_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credit_report_cache" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"report" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
