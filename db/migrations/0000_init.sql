CREATE TABLE `attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`participants` integer NOT NULL,
	`countries` integer,
	`in_person` integer,
	`remote` integer,
	`women` integer,
	`notes` text,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attendance_event` ON `attendance` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `event_groups` (
	`event_id` text NOT NULL,
	`group_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `group_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_groups_group` ON `event_groups` (`group_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`office_id` text NOT NULL,
	`region_id` text NOT NULL,
	`partners` text NOT NULL,
	`venue_name` text,
	`venue_city` text,
	`venue_country` text,
	`venue_virtual` integer NOT NULL,
	`venue_url` text,
	`time_zone` text NOT NULL,
	`all_day` integer NOT NULL,
	`start_local` text NOT NULL,
	`end_local` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`description` text,
	`url` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_start_at` ON `events` (`start_at`);--> statement-breakpoint
CREATE INDEX `events_dates` ON `events` (`start_date`,`end_date`);--> statement-breakpoint
CREATE INDEX `events_office` ON `events` (`office_id`);--> statement-breakpoint
CREATE INDEX `events_region` ON `events` (`region_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `offices` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region_id` text NOT NULL,
	`city` text NOT NULL,
	`country` text NOT NULL,
	`time_zone` text NOT NULL,
	`emails` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
