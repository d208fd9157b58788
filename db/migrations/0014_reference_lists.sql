CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`names` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
ALTER TABLE `groups` ADD `names` text;