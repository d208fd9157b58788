CREATE TABLE `withdrawn_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`withdrawn_at` text NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `withdrawn_events_at` ON `withdrawn_events` (`withdrawn_at`);--> statement-breakpoint
-- Events withdrawn before this version have no snapshot of the moment they were withdrawn: they
-- are frozen as they are now, the last state anyone recorded (src/domain/event.ts, WithdrawnSnapshot).
INSERT INTO `withdrawn_events` (`event_id`, `withdrawn_at`, `snapshot`)
SELECT e.`id`, e.`withdrawn_at`, json_object(
	'id', e.`id`,
	'sequence', e.`sequence`,
	'createdAt', e.`created_at`,
	'kind', e.`kind`,
	'office', e.`office_id`,
	'region', e.`region_id`,
	'groups', (SELECT json_group_array(g.`group_id` ORDER BY g.`group_id`) FROM `event_groups` g WHERE g.`event_id` = e.`id`),
	'timeZone', e.`time_zone`,
	'allDay', json(CASE WHEN e.`all_day` THEN 'true' ELSE 'false' END),
	'start', e.`start_local`,
	'end', e.`end_local`,
	'startsAt', e.`start_at`,
	'endsAt', e.`end_at`,
	'recurrence', e.`recurrence`,
	'overrides', (
		SELECT json_group_array(json_object(
			'originalDate', o.`original_date`,
			'cancelled', json(CASE WHEN o.`cancelled` THEN 'true' ELSE 'false' END),
			'start', o.`start_local`,
			'end', o.`end_local`,
			'startsAt', o.`start_at`,
			'endsAt', o.`end_at`
		) ORDER BY o.`original_date`)
		FROM `occurrence_overrides` o WHERE o.`event_id` = e.`id`
	)
)
FROM `events` e
WHERE e.`visibility` = 'internal' AND e.`withdrawn_at` IS NOT NULL;
