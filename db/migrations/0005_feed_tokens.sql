CREATE TABLE `feed_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	`use_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_tokens_hash` ON `feed_tokens` (`secret_hash`);