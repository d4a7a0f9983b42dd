package io.logpipe.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    static LogEvent event(String host, String app, String msg) {
        LogEvent e = new LogEvent();
        e.setTimestamp(Instant.parse("2026-03-01T08:11:12.123Z"));
        e.setFormat("rfc3164");
        e.setPri(22); // mail.info
        e.setHost(host);
        e.setApp(app);
        e.setProcid("42");
        e.setMessage(msg);
        return e;
    }

    @Test
    void hostileNamesStayInsideTheDataDirectory() throws Exception {
        EventTemplate path = EventTemplate.compile("remote/${host}/${app}.log");
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        for (String[] hostile : new String[][] {{"../../etc", "passwd"}, {"..", ".."}, {"a/../../b", "c\\..\\d"}, {"", null}, {".", "x\u0000y"}}) {
            String rel = path.render(event(hostile[0], hostile[1], "m"), PathSanitizer.INSTANCE);
            w.append(rel, "line");
        }
        w.close();
        try (var files = Files.walk(dir)) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertEquals(5, written.size(), written.toString());
            assertTrue(written.stream().allMatch(p -> p.startsWith(dir.resolve("remote"))), written.toString());
        }
    }

    @Test
    void writerRefusesPathsThatLeaveTheBase() {
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        assertThrows(FileSinkWriter.EscapeException.class, () -> w.append("../outside.log", "x"));
    }

    @Test
    void templatesRenderLineAndJsonWithUtf8() throws Exception {
        LogEvent e = event("web1", "nginx", "grüße \"quoted\"");
        assertEquals("2026-03-01T08:11:12.123Z web1 nginx[42]: grüße \"quoted\"", EventTemplate.compile(EventTemplate.BUILTIN.get("file")).render(e, EventTemplate.AS_IS));
        assertEquals("Mar  1 08:11:12 web1 mail.info", EventTemplate.compile("${timestamp_bsd} ${host} ${facility}.${severity}").render(e, EventTemplate.AS_IS));
        String json = EventTemplate.compile("${json}").render(e, EventTemplate.AS_IS);
        assertTrue(json.contains("\"message\":\"grüße \\\"quoted\\\"\""), json);
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        w.append("a.log", "grüße 日本 😀");
        w.flush();
        assertEquals("grüße 日本 😀\n", Files.readString(dir.resolve("a.log")));
    }

    @Test
    void unknownTemplateFieldIsRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventTemplate.compile("${hostname}"));
        assertTrue(e.getMessage().contains("unknown field ${hostname}") && e.getMessage().contains("host"), e.getMessage());
    }
}
