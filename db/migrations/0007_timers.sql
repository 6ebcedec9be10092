CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_until` integer,
	`fired_at` integer,
	`late_by_ms` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timers_key_unique` ON `timers` (`key`);--> statement-breakpoint
CREATE INDEX `timers_pending` ON `timers` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `timers_subject` ON `timers` (`kind`,`subject`);