ALTER TABLE "transfers" ADD COLUMN "otp_sends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Transfers already waiting with a code were sent one.
UPDATE "transfers" SET "otp_sends" = 1 WHERE "otp_hash" IS NOT NULL;
