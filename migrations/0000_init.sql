CREATE TABLE "customer_logins" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_logins_username_unique" UNIQUE("username")
);
