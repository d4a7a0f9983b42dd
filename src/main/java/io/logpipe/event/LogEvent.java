package io.logpipe.event;

import java.time.Instant;
import java.util.Map;

/**
 * The normalized event every decoder produces and every route and sink sees (ARCHITECTURE.md,
 * "event contract"). Plain mutable fields: decoders fill them once on the hot path, nothing
 * downstream changes them except enrichers.
 *
 * <p>Public API: users' processors (docs/extension.md) take it as the exchange body
 * ({@code exchange.getMessage().getBody(LogEvent.class)}); its package, name and accessors stay.
 * {@link #getFields()} may be an immutable map: replace it with a copy to add fields.
 */
public final class LogEvent {
    public static final int NONE = -1;

    private Instant timestamp;
    private Instant receivedAt;
    private String format;
    private int facilityCode = NONE;
    private int severityCode = NONE;
    private String host;
    private String app;
    private String procid;
    private String msgid;
    private String message;
    private Map<String, Map<String, String>> structuredData;
    private Source source;
    private Map<String, Object> fields;
    private String parseError;
    private String raw;

    /** A `raw` event: what is kept of input that did not decode. */
    public static LogEvent raw(String input, String error, Instant receivedAt, Source source) {
        LogEvent e = new LogEvent();
        e.format = "raw";
        e.message = input;
        e.parseError = error;
        e.receivedAt = receivedAt;
        e.timestamp = receivedAt;
        e.source = source;
        if (source != null) e.host = source.ip();
        return e;
    }

    public Instant getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(Instant timestamp) {
        this.timestamp = timestamp;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public void setReceivedAt(Instant receivedAt) {
        this.receivedAt = receivedAt;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public int getFacilityCode() {
        return facilityCode;
    }

    public void setFacilityCode(int facilityCode) {
        this.facilityCode = facilityCode;
    }

    public int getSeverityCode() {
        return severityCode;
    }

    public void setSeverityCode(int severityCode) {
        this.severityCode = severityCode;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public String getProcid() {
        return procid;
    }

    public void setProcid(String procid) {
        this.procid = procid;
    }

    public String getMsgid() {
        return msgid;
    }

    public void setMsgid(String msgid) {
        this.msgid = msgid;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Map<String, Map<String, String>> getStructuredData() {
        return structuredData;
    }

    public void setStructuredData(Map<String, Map<String, String>> sd) {
        this.structuredData = sd;
    }

    public Source getSource() {
        return source;
    }

    public void setSource(Source source) {
        this.source = source;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    public String getParseError() {
        return parseError;
    }

    public void setParseError(String parseError) {
        this.parseError = parseError;
    }

    public String getRaw() {
        return raw;
    }

    public void setRaw(String raw) {
        this.raw = raw;
    }

    public void setPri(int pri) {
        facilityCode = pri >> 3;
        severityCode = pri & 7;
    }

    /** Facility name, or null when the input carried none (raw events). */
    public String getFacility() {
        Facility f = Facility.ofCode(facilityCode);
        return f == null ? null : f.label();
    }

    public String getSeverity() {
        Severity s = Severity.ofCode(severityCode);
        return s == null ? null : s.label();
    }

    @Override
    public String toString() {
        return EventJson.toJson(this);
    }
}
