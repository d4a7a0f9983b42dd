-- fields.<key> filters and group_by on H2, which has no JSON path operator (see io.logpipe.store.H2JsonText)
CREATE ALIAS IF NOT EXISTS LOGPIPE_JSON_TEXT DETERMINISTIC FOR 'io.logpipe.store.H2JsonText.text';
