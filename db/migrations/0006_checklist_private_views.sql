CREATE TABLE `checklist_private_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`shown_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `checklist_reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_private_views_member` ON `checklist_private_views` (`review_id`,`member_id`);