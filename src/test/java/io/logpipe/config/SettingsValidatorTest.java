package io.logpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsValidatorTest {
    @Test
    void eachKindOfSettingIsCheckedOnItsLine() throws Exception {
        Path f = Files.createTempFile("settings", ".properties");
        Files.writeString(
                f,
                "logpipe.db.retention.auth.selector=auth.*\nlogpipe.db.retention.auth.days=365\nlogpipe.auth.token.x=read:short\nlogpipe.db.retention-days=x\n");
        var problems = new SettingsValidator()
                .validate(f).stream().map(Object::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains(":3: logpipe.auth.token.x: the secret")
                        && !problems.get(0).contains("short"),
                problems.toString());
        assertTrue(
                problems.get(1).contains(":4: logpipe.db.retention-days must be a number of days"),
                problems.toString());
    }
}
