package io.logpipe.codec.cloudtrail;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudTrail's S3 object names: {@code .../AccountID_CloudTrail_Region_yyyyMMddTHHmmZ_Unique.json.gz}
 * are log files; digest files ({@code ..._CloudTrail-Digest_...}) and anything else are not.
 */
public final class CloudTrailKeys {
    private static final Pattern LOG_FILE =
            Pattern.compile("(?:^|/)(\\d{12})_CloudTrail_([a-z0-9-]+)_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]+\\.json\\.gz$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'");

    private CloudTrailKeys() {}

    public static boolean isLogFile(String key) {
        return LOG_FILE.matcher(key).find();
    }

    /** When CloudTrail delivered the file, from its name; null when the key is not a log file. */
    public static Instant deliveredAt(String key) {
        Matcher m = LOG_FILE.matcher(key);
        return m.find() ? LocalDateTime.parse(m.group(3), STAMP).toInstant(ZoneOffset.UTC) : null;
    }
}
