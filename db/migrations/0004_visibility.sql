ALTER TABLE `events` ADD `visibility` text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `withdrawn_at` text;--> statement-breakpoint
-- the demo's coordination calls are TSB's internal calls with each office (db/seed/coordination-calls.ts)
UPDATE `events` SET `visibility` = 'internal', `withdrawn_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), `sequence` = `sequence` + 1 WHERE `id` LIKE 'demo-coordination-%';
