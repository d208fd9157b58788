CREATE TABLE `occurrence_overrides` (
	`event_id` text NOT NULL,
	`original_date` text NOT NULL,
	`cancelled` integer NOT NULL,
	`start_local` text,
	`end_local` text,
	`start_at` text,
	`end_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`event_id`, `original_date`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`occurrence` text NOT NULL,
	`rule` text NOT NULL,
	`recipient` text NOT NULL,
	`recipient_zone` text NOT NULL,
	`due_at` text NOT NULL,
	`occurs_at` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`message_id` text NOT NULL,
	`lease_token` text,
	`lease_until` text,
	`sent_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_key` ON `reminders` (`event_id`,`occurrence`,`rule`,`recipient`);--> statement-breakpoint
CREATE INDEX `reminders_due` ON `reminders` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `recurrence` text;--> statement-breakpoint
ALTER TABLE `events` ADD `reminder_offsets` text;--> statement-breakpoint
ALTER TABLE `events` ADD `notify` text DEFAULT '[]' NOT NULL;