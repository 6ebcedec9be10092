DROP INDEX `deliveries_status`;--> statement-breakpoint
CREATE INDEX `deliveries_pending` ON `deliveries` (`batch`) WHERE "deliveries"."status" = 'pending';