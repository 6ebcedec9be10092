CREATE TABLE `dm_channels` (
	`identity` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`opened_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `deliveries` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `pace_slot` integer;