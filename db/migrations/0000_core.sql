CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_member_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject_member_id` integer,
	`subject` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`platform` text NOT NULL,
	`name` text,
	`kind` text DEFAULT 'general' NOT NULL,
	`status` text DEFAULT 'vetted' NOT NULL,
	`status_reason` text,
	`vetted_by` integer,
	`vetted_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`vetted_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_address_unique` ON `channels` (`address`);--> statement-breakpoint
CREATE TABLE `conversation_refs` (
	`address` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`scope` text NOT NULL,
	`user_identity` text,
	`service_url` text,
	`reference` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversation_refs_user` ON `conversation_refs` (`user_identity`);--> statement-breakpoint
CREATE TABLE `identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `identities_platform_external` ON `identities` (`platform`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `identities_member_platform` ON `identities` (`member_id`,`platform`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_edited` integer DEFAULT false NOT NULL,
	`title` text,
	`organization_id` integer,
	`category` text,
	`executive_level` text,
	`tier` text DEFAULT 'member' NOT NULL,
	`is_coordinator` integer DEFAULT false NOT NULL,
	`coordinator_via` text,
	`is_issuer` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'nominated' NOT NULL,
	`status_reason` text,
	`status_changed_at` integer,
	`nominated_by` integer,
	`nominated_at` integer,
	`vetted_by` integer,
	`vetted_at` integer,
	`vetting_expires_at` integer,
	`successor_id` integer,
	`alternate_member_id` integer,
	`alternate_name` text,
	`alternate_phone` text,
	`alternate_email` text,
	`contact_247` text,
	`email` text,
	`capabilities` text DEFAULT '[]' NOT NULL,
	`timezone` text,
	`contacts_erased_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `members_status` ON `members` (`status`);--> statement-breakpoint
CREATE INDEX `members_org` ON `members` (`organization_id`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text,
	`sector` text,
	`hq_in_jurisdiction` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_nocase` ON `organizations` ("name" collate nocase);