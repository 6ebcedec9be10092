CREATE TABLE `checklist_conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`conversation` text NOT NULL,
	`template` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`added_by` integer,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `checklist_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_conversations_open` ON `checklist_conversations` (`conversation`,`template`) WHERE active = 1;--> statement-breakpoint
CREATE INDEX `checklist_conversations_review` ON `checklist_conversations` (`review_id`);--> statement-breakpoint
CREATE TABLE `checklist_marks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`item_key` text NOT NULL,
	`member_id` integer NOT NULL,
	`mark` text,
	`note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `checklist_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_marks_member_item` ON `checklist_marks` (`review_id`,`item_key`,`member_id`);--> statement-breakpoint
CREATE TABLE `checklist_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`address` text NOT NULL,
	`message_id` text NOT NULL,
	`posted_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`review_id`) REFERENCES `checklist_reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_messages_message` ON `checklist_messages` (`address`,`message_id`);--> statement-breakpoint
CREATE INDEX `checklist_messages_review` ON `checklist_messages` (`review_id`);--> statement-breakpoint
CREATE TABLE `checklist_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_by` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`origin` text NOT NULL,
	`closed_by` integer,
	`closed_at` integer,
	FOREIGN KEY (`opened_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checklist_reviews_template` ON `checklist_reviews` (`template`,`opened_at`);