CREATE TABLE `link_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`identity` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `link_attempts_identity` ON `link_attempts` (`identity`,`at`);