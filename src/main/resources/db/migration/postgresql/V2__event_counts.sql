-- Pre-aggregated counts of events per minute and per hour of their timestamp, by host, app,
-- facility, severity, source address and listener (dim 0 counts all), so stats, facets and
-- group_by over a time range add up rows here instead of scanning the range. Kept in step with
-- events in the same transaction as each insert; received_day lets retention remove a day's counts
-- with its partition. known = false is a NULL value (stored as '').
CREATE TABLE event_counts (
    dim          smallint     NOT NULL,
    span         integer      NOT NULL,
    bucket       timestamptz  NOT NULL,
    known        boolean      NOT NULL,
    value        text         NOT NULL,
    received_day date         NOT NULL,
    n            bigint       NOT NULL,
    PRIMARY KEY (dim, span, bucket, known, value, received_day)
);

-- the events stored before this version (the same statement as EventCounts.REBUILD, for all days)
INSERT INTO event_counts (dim, span, bucket, known, value, received_day, n)
SELECT d.dim, s.span, to_timestamp(floor(extract(epoch FROM e.ts) / s.span) * s.span), d.value IS NOT NULL, COALESCE(d.value, ''),
       (e.received_at AT TIME ZONE 'UTC')::date, COUNT(*)
FROM events e
CROSS JOIN LATERAL (VALUES (0, ''), (1, e.host), (2, e.app), (3, e.facility_code::text), (4, e.severity_code::text),
                           (5, e.source_ip), (6, e.source_listener)) AS d(dim, value)
CROSS JOIN (VALUES (60), (3600)) AS s(span)
GROUP BY 1, 2, 3, 4, 5, 6;
