CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "registries" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text,
	"compatibility" text DEFAULT 'BACKWARD' NOT NULL,
	"policy" text DEFAULT 'strict' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schemas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"registry" text NOT NULL,
	"name" text NOT NULL,
	"compatibility" text,
	"policy" text,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"event_source" text,
	"event_detail_type" text,
	"cloudevent_type" text,
	"schema_uri" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version_references" (
	"from_version_id" bigint NOT NULL,
	"to_version_id" bigint NOT NULL,
	CONSTRAINT "version_references_from_version_id_to_version_id_pk" PRIMARY KEY("from_version_id","to_version_id")
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"schema_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"format" text NOT NULL,
	"dialect" text NOT NULL,
	"fingerprint" text NOT NULL,
	"content" json NOT NULL,
	"schema_uri" text,
	"state" text DEFAULT 'active' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "schemas" ADD CONSTRAINT "schemas_registry_registries_name_fk" FOREIGN KEY ("registry") REFERENCES "public"."registries"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_references" ADD CONSTRAINT "version_references_from_version_id_versions_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_references" ADD CONSTRAINT "version_references_to_version_id_versions_id_fk" FOREIGN KEY ("to_version_id") REFERENCES "public"."versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_schema_id_schemas_id_fk" FOREIGN KEY ("schema_id") REFERENCES "public"."schemas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schemas_registry_name_key" ON "schemas" USING btree ("registry","name");--> statement-breakpoint
CREATE INDEX "schemas_envelope_idx" ON "schemas" USING btree ("event_source","event_detail_type");--> statement-breakpoint
CREATE INDEX "schemas_cloudevent_type_idx" ON "schemas" USING btree ("cloudevent_type");--> statement-breakpoint
CREATE INDEX "version_references_to_idx" ON "version_references" USING btree ("to_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "versions_schema_version_key" ON "versions" USING btree ("schema_id","version");--> statement-breakpoint
CREATE INDEX "versions_schema_fingerprint_idx" ON "versions" USING btree ("schema_id","fingerprint");--> statement-breakpoint
CREATE INDEX "versions_schema_uri_idx" ON "versions" USING btree ("schema_uri");