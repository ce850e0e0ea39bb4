CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"registry" text NOT NULL,
	"schema" text,
	"version" integer,
	"event" text NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"idempotency_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dead_letters_reason_check" CHECK ("dead_letters"."reason" in ('invalid', 'forward_failed'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"registry" text NOT NULL,
	"schema" text NOT NULL,
	"version" integer NOT NULL,
	"event" text NOT NULL,
	"idempotency_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "registries" text[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_per_second" double precision;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_burst" integer;--> statement-breakpoint
ALTER TABLE "registries" ADD COLUMN "dead_letters" text DEFAULT 'keep' NOT NULL;--> statement-breakpoint
ALTER TABLE "registries" ADD COLUMN "idempotency_key_pointer" text;--> statement-breakpoint
CREATE INDEX "dead_letters_listing_idx" ON "dead_letters" USING btree ("registry","schema","reason","created_at","id");--> statement-breakpoint
CREATE INDEX "dead_letters_created_idx" ON "dead_letters" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_available_at_idx" ON "outbox" USING btree ("available_at");--> statement-breakpoint
CREATE INDEX "outbox_created_at_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_dead_letters_check" CHECK ("registries"."dead_letters" in ('keep', 'discard'));