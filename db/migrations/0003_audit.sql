CREATE TABLE `audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`event_id` text,
	`subject` text,
	`office_id` text NOT NULL,
	`token_id` text,
	`changes` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_event` ON `audit` (`event_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit` (`at`);