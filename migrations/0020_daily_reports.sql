CREATE TABLE "daily_reports" (
	"date" text NOT NULL,
	"time_zone" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" text NOT NULL,
	"content" jsonb NOT NULL,
	"checksum" text NOT NULL,
	CONSTRAINT "daily_reports_date_time_zone_pk" PRIMARY KEY("date","time_zone"),
	CONSTRAINT "daily_reports_date_check" CHECK ("daily_reports"."date" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
);
