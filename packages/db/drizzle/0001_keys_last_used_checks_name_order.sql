ALTER TABLE "api_keys" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "schemas_registry_name_bytes_idx" ON "schemas" USING btree ("registry","name" collate "C");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scope_check" CHECK ("api_keys"."scope" in ('admin', 'write', 'validate', 'read'));--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_compatibility_check" CHECK ("registries"."compatibility" in ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'));--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_policy_check" CHECK ("registries"."policy" in ('strict', 'lenient'));--> statement-breakpoint
ALTER TABLE "schemas" ADD CONSTRAINT "schemas_compatibility_check" CHECK ("schemas"."compatibility" in ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'));--> statement-breakpoint
ALTER TABLE "schemas" ADD CONSTRAINT "schemas_policy_check" CHECK ("schemas"."policy" in ('strict', 'lenient'));--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_format_check" CHECK ("versions"."format" in ('jsonschema', 'openapi3'));--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_state_check" CHECK ("versions"."state" in ('active', 'deprecated', 'disabled'));