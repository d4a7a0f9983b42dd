-- Events, partitioned by day of receipt so retention drops whole partitions.
-- Column names follow the event contract; facility and severity are stored as codes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE events (
    id              bigserial    NOT NULL,
    ts              timestamptz  NOT NULL,
    received_at     timestamptz  NOT NULL,
    format          varchar(16)  NOT NULL,
    facility_code   smallint,
    severity_code   smallint,
    host            varchar(255),
    app             varchar(255),
    procid          varchar(128),
    msgid           varchar(128),
    message         text,
    structured_data jsonb,
    source_ip       varchar(64),
    source_port     integer,
    source_listener varchar(128),
    source_peer     varchar(512),
    fields          jsonb,
    parse_error     text,
    raw             text
) PARTITION BY RANGE (received_at);

-- catches rows for days that have no partition yet; daily partitions are created ahead of time
CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE INDEX events_ts_host ON events (ts, host);
CREATE INDEX events_ts_severity ON events (ts, severity_code);
CREATE INDEX events_id ON events (id);
-- the trigram index on message is created (or dropped) at start by logpipe, per logpipe.db.text-index
