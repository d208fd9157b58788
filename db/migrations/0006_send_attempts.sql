CREATE TABLE `send_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reminder_id` integer NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	FOREIGN KEY (`reminder_id`) REFERENCES `reminders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `send_attempts_at` ON `send_attempts` (`at`);--> statement-breakpoint
CREATE INDEX `send_attempts_reminder` ON `send_attempts` (`reminder_id`);