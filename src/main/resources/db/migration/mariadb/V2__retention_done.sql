-- Days of receipt whose events of some retention classes were removed under the current rules
-- (rules: their fingerprint), so each day is searched once per step, not on every maintenance round.
CREATE TABLE retention_done (
    received_day DATE        NOT NULL,
    keep_days    INTEGER     NOT NULL,
    rules        VARCHAR(64) NOT NULL,
    PRIMARY KEY (received_day, keep_days, rules)
);
