CREATE TABLE `holiday_corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`country` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`to_date` text,
	`name` text,
	`note` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `holiday_corrections_country` ON `holiday_corrections` (`country`,`date`);