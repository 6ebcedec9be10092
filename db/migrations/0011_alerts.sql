CREATE TABLE `alert_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`dm_target` text,
	`answer` text,
	`answered_at` integer,
	`first_answered_at` integer,
	`answered_via` text,
	`help_told_at` integer,
	`escalated_at` integer,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_recipients_member` ON `alert_recipients` (`alert_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `alert_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`author_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alert_updates_alert` ON `alert_updates` (`alert_id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`severity` text NOT NULL,
	`tlp` text NOT NULL,
	`title` text NOT NULL,
	`details` text,
	`composer_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`named_member_ids` text DEFAULT '[]' NOT NULL,
	`approval_requested_at` integer,
	`approved_by` integer,
	`approved_at` integer,
	`declined_by` integer,
	`declined_at` integer,
	`break_glass_by` integer,
	`break_glass_reason` text,
	`sent_at` integer,
	`resolved_by` integer,
	`resolved_at` integer,
	`preview_address` text,
	`preview_message_id` text,
	`redraw_pending` integer DEFAULT false NOT NULL,
	`redraw_round` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`composer_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_status` ON `alerts` (`status`);