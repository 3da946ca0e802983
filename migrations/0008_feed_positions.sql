CREATE TABLE "feed_positions" (
	"feed" text PRIMARY KEY NOT NULL,
	"position" text,
	"updated_at" timestamp with time zone NOT NULL
);
