CREATE TABLE `file_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`identity` text NOT NULL,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob,
	`token` text NOT NULL,
	`status` text DEFAULT 'offered' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`settled_at` integer
);
--> statement-breakpoint
CREATE INDEX `file_offers_identity` ON `file_offers` (`identity`);--> statement-breakpoint
CREATE TABLE `link_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`locator` text,
	`code_hash` text,
	`salt` text,
	`identity` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	`locked_at` integer
);
--> statement-breakpoint
CREATE INDEX `link_requests_locator` ON `link_requests` (`locator`);--> statement-breakpoint
CREATE INDEX `link_requests_member` ON `link_requests` (`member_id`);--> statement-breakpoint
CREATE TABLE `vetting_reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vetting_reminders_period` ON `vetting_reminders` (`member_id`,`expires_at`);