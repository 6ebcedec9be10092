CREATE TABLE `survey_answers` (
	`id` integer PRIMARY KEY NOT NULL,
	`survey_id` integer NOT NULL,
	`member_id` integer,
	`key_hash` text,
	`answers` text NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_answers_member` ON `survey_answers` (`survey_id`,`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_answers_key` ON `survey_answers` (`key_hash`);--> statement-breakpoint
CREATE TABLE `survey_recipients` (
	`survey_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`target` text NOT NULL,
	PRIMARY KEY(`survey_id`, `member_id`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `survey_responders` (
	`survey_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `member_id`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`intro` text DEFAULT '' NOT NULL,
	`questions` text NOT NULL,
	`audience` text NOT NULL,
	`anonymous` integer NOT NULL,
	`closes_after_ms` integer NOT NULL,
	`reminders` text NOT NULL,
	`results_to` text,
	`repeat` text DEFAULT 'none' NOT NULL,
	`template` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`opened_by` integer,
	`opened_at` integer,
	`closes_at` integer,
	`closed_at` integer,
	`sent_to` integer,
	`answered` integer,
	`repeat_of` integer,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `surveys_status` ON `surveys` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_repeat_of` ON `surveys` (`repeat_of`);