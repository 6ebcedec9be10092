CREATE TABLE `summit_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`via` text NOT NULL,
	`alternate_member_id` integer,
	`alternate_name` text,
	`recorded_by` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `summit_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summit_attendance_member` ON `summit_attendance` (`event_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `summit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`place` text,
	`starts_at` integer NOT NULL,
	`zone` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`uid` text NOT NULL,
	`ics_token` text NOT NULL,
	`audience` integer,
	`cancel_reason` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_by` integer,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`attendance_recorded_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summit_events_uid_unique` ON `summit_events` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `summit_events_ics_token_unique` ON `summit_events` (`ics_token`);--> statement-breakpoint
CREATE INDEX `summit_events_start` ON `summit_events` (`status`,`starts_at`);--> statement-breakpoint
CREATE TABLE `summit_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`event_sequence` integer NOT NULL,
	`method` text NOT NULL,
	`target` text NOT NULL,
	`location` text,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `summit_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summit_invites_member` ON `summit_invites` (`event_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `summit_rsvps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`answer` text NOT NULL,
	`alternate_member_id` integer,
	`alternate_name` text,
	`identity` text NOT NULL,
	`answered_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `summit_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summit_rsvps_member` ON `summit_rsvps` (`event_id`,`member_id`);