CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`batch` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`card` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`unknown_attempts` integer DEFAULT 0 NOT NULL,
	`claimed_until` integer,
	`not_before` integer,
	`message_id` text,
	`message_address` text,
	`error` text,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_key_unique` ON `deliveries` (`key`);--> statement-breakpoint
CREATE INDEX `deliveries_batch` ON `deliveries` (`batch`);--> statement-breakpoint
CREATE INDEX `deliveries_status` ON `deliveries` (`status`);--> statement-breakpoint
CREATE TABLE `refreshes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`address` text NOT NULL,
	`message_id` text NOT NULL,
	`renderer` text NOT NULL,
	`subject` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`rendered_version` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT false NOT NULL,
	`claimed_until` integer,
	`edits` integer DEFAULT 0 NOT NULL,
	`error` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refreshes_key_unique` ON `refreshes` (`key`);