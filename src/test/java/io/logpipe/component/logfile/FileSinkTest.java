package io.logpipe.component.logfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.ControlCharacters;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.health.Problems;
import io.logpipe.queue.Flushes;
import io.logpipe.template.EventTemplate;
import io.logpipe.template.PathSanitizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Assumptions;
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
        for (String[] hostile : new String[][] {
            {"../../etc", "passwd"}, {"..", ".."}, {"a/../../b", "c\\..\\d"}, {"", null}, {".", "x\u0000y"}
        }) {
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
    void aFileRenamedOrDeletedUnderTheWriterIsOpenedAnewAndNoLineIsLost() throws Exception {
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        w.append("auth.log", "one");
        w.append("other.log", "stays");
        w.flush();
        Files.move(dir.resolve("auth.log"), dir.resolve("auth.log.1")); // what logrotate does
        w.append("auth.log", "two, buffered before the check");
        assertEquals(0, w.closeMoved() - 1, "only the renamed file is closed");
        w.append("auth.log", "three");
        w.append("other.log", "still the same file");
        w.flush();
        assertEquals(List.of("one", "two, buffered before the check"), Files.readAllLines(dir.resolve("auth.log.1")));
        assertEquals(List.of("three"), Files.readAllLines(dir.resolve("auth.log")));
        assertEquals(List.of("stays", "still the same file"), Files.readAllLines(dir.resolve("other.log")));

        Files.delete(dir.resolve("auth.log"));
        assertEquals(1, w.closeMoved());
        w.append("auth.log", "four");
        w.flush();
        assertEquals(List.of("four"), Files.readAllLines(dir.resolve("auth.log")));
        assertEquals(0, w.closeMoved(), "nothing moved, nothing closed");

        Files.move(dir.resolve("auth.log"), dir.resolve("auth.log.2"));
        assertEquals(2, w.closeAll(), "SIGHUP closes every file");
        w.append("auth.log", "five");
        w.close();
        assertEquals(List.of("five"), Files.readAllLines(dir.resolve("auth.log")));
        assertEquals(List.of("four"), Files.readAllLines(dir.resolve("auth.log.2")));
    }

    @Test
    void aFullFileIsRotatedKeepingNGenerationsGzipped() throws Exception {
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        SizeRotation rotation = new SizeRotation(SizeRotation.parseSize("1000"), 2, true);
        String line = "x".repeat(99); // 100 bytes with its newline: ten lines fill a file
        for (int i = 0; i < 35; i++) w.append("big.log", String.format("%03d", i) + line.substring(3), rotation);
        w.close();
        SizeRotation.awaitIdle();
        assertEquals(
                5,
                Files.readAllLines(dir.resolve("big.log")).size(),
                "the current file holds what came after the last rotation");
        assertTrue(Files.readAllLines(dir.resolve("big.log")).get(0).startsWith("030"));
        assertEquals(
                List.of("020", "010"),
                List.of(gunzipFirst(dir.resolve("big.log.1.gz")), gunzipFirst(dir.resolve("big.log.2.gz"))),
                "the newest generation is .1, each gzipped");
        assertFalse(Files.exists(dir.resolve("big.log.3.gz")), "keep 2: the oldest is deleted");
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("big.log", "big.log.1.gz", "big.log.2.gz"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing half-done is left");
        }
        assertEquals(1024 * 1024 * 100L, SizeRotation.parseSize("100MB"));
        assertEquals(2048, SizeRotation.parseSize("2kb"));
        assertThrows(IllegalArgumentException.class, () -> SizeRotation.parseSize("big"));
    }

    private static String gunzipFirst(Path gz) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).substring(0, 3);
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
        assertEquals(
                "2026-03-01T08:11:12.123Z web1 nginx[42]: grüße \"quoted\"",
                EventTemplate.compile(EventTemplate.BUILTIN.get("file")).render(e, EventTemplate.AS_IS));
        assertEquals(
                "Mar  1 08:11:12 web1 mail.info",
                EventTemplate.compile("${timestamp_bsd} ${host} ${facility}.${severity}")
                        .render(e, EventTemplate.AS_IS));
        String json = EventTemplate.compile("${json}").render(e, EventTemplate.AS_IS);
        assertTrue(json.contains("\"message\":\"grüße \\\"quoted\\\"\""), json);
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        w.append("a.log", "grüße 日本 😀");
        w.flush();
        assertEquals("grüße 日本 😀\n", Files.readString(dir.resolve("a.log")));
    }

    @Test
    void unknownTemplateFieldIsRejectedWithTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EventTemplate.compile("${hostname}"));
        assertTrue(
                e.getMessage().contains("unknown field ${hostname}")
                        && e.getMessage().contains("host"),
                e.getMessage());
    }

    /** Every forgery a sender tried: a whole fake line after LF, terminal sequences, CR/BS overwrites, C1 and bidi controls. */
    static final String FORGED =
            "ok\nMar  1 08:11:12 web1 sshd[1]: Accepted password for root from 10.6.6.6\u001b[2J\u001b]0;owned\u0007\r\b\u0000"
                    + "\u0085\u009b31m\u2028\u202egnp.exe\u007f\tend";

    @Test
    void textLinesEscapeControlCharactersAsRsyslogDoes() throws Exception {
        LogEvent e = event("web1", "ssh\nd", FORGED);
        String line = EventTemplate.compile(EventTemplate.BUILTIN.get("file")).render(e, EventTemplate.ESCAPED);
        assertEquals(
                "2026-03-01T08:11:12.123Z web1 ssh#012d[42]: ok#012Mar  1 08:11:12 web1 sshd[1]: Accepted password for root from 10.6.6.6"
                        + "#033[2J#033]0;owned#007#015#010#000#205#23331m#u2028#u202Egnp.exe#177\tend",
                line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\t'), line);
        assertEquals("plain", ControlCharacters.escape("plain"));
        String plain = "grüße 日本 😀 \"quoted\" #012";
        assertTrue(plain == ControlCharacters.escape(plain), "nothing to escape: no copy");
    }

    @Test
    void jsonEscapesC1LineSeparatorsAndBidiOverrides() {
        LogEvent e = event("web1", "app", FORGED);
        String json = EventJson.toJson(e);
        for (String raw : new String[] {"\n", "\u001b", "\u0085", "\u009b", "\u2028", "\u202e", "\u007f", "\u0000"}) {
            assertFalse(json.contains(raw), "raw U+" + Integer.toHexString(raw.charAt(0)) + " in " + json);
        }
        assertTrue(
                json.contains("\\u0085")
                        && json.contains("\\u009b")
                        && json.contains("\\u2028")
                        && json.contains("\\u202e")
                        && json.contains("\\u001b"),
                json);
        assertTrue(json.contains("grüße") || !FORGED.contains("grüße"), "ordinary non-ASCII text stays readable");
        assertEquals("{\"m\":\"grüße 日本\"}", "{\"m\":" + quoted("grüße 日本") + "}");
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        EventJson.quote(sb, s);
        return sb.toString();
    }

    @Test
    void theSinkEscapesByDefaultAndKeepsRawWhenToldTo() throws Exception {
        String sub = "filesink-" + System.nanoTime(); // under logpipe.data.dir, which the build sets for tests
        Path data;
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("logpipe.data.dir", dir.toString());
            camel.start();
            data = Path.of(camel.getPropertiesComponent()
                            .resolveProperty("logpipe.data.dir")
                            .orElseThrow())
                    .resolve(sub);
            for (String[] c : new String[][] {{"escaped.log", ""}, {"raw.log", "?escapeControlCharacters=false"}}) {
                Endpoint ep = camel.getEndpoint("logfile:" + sub + "/" + c[0] + c[1]);
                Producer p = ep.createProducer();
                p.start();
                Exchange x = ep.createExchange();
                x.getMessage().setBody(event("web1", "sshd", "ok\nforged line"));
                p.process(x);
                p.stop();
            }
            Flushes.flushAll();
        }
        assertEquals(1, Files.readAllLines(data.resolve("escaped.log")).size());
        assertTrue(Files.readString(data.resolve("escaped.log")).endsWith("ok#012forged line\n"));
        assertEquals(
                2, Files.readAllLines(data.resolve("raw.log")).size(), "escapeControlCharacters=false keeps them raw");
    }

    @Test
    void pathSegmentsAreCutInBytesOnACharacterBoundary() throws Exception {
        String tag = "ü".repeat(150); // 150 characters, 300 bytes: "File name too long" before
        String one = PathSanitizer.INSTANCE.apply(tag);
        assertEquals(PathSanitizer.MAX_SEGMENT_BYTES, one.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("ü".repeat(PathSanitizer.MAX_SEGMENT_BYTES / 2), one);
        String emoji = PathSanitizer.INSTANCE.apply("😀".repeat(100)); // 4 bytes each: never half of one
        assertEquals(200, emoji.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("😀".repeat(50), emoji);
        // two long values in one name: cut to 255 bytes, the extension kept
        EventTemplate path = EventTemplate.compile("remote/${host}-${app}.log");
        String rel = PathSanitizer.limitSegments(path.render(event("h".repeat(300), tag, "m"), PathSanitizer.INSTANCE));
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        assertTrue(name.endsWith(".log"), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
        FileSinkWriter w = new FileSinkWriter(dir, 4096, 8);
        w.append(rel, "written");
        w.append(PathSanitizer.INSTANCE.apply(tag) + ".log", "written");
        w.close();
        assertEquals("written\n", Files.readString(dir.resolve(rel)));
        assertEquals(
                "a_b_c", PathSanitizer.INSTANCE.apply("a\u202eb\u0085c"), "bidi and C1 controls are no part of a name");
    }

    @Test
    void aLineThatCannotBeWrittenIsNotLeftHalfInTheBuffer() throws Exception {
        // a file on a device that is always full: every write fails with ENOSPC
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.createSymbolicLink(base.resolve("full.log"), full);
        FileSinkWriter w = new FileSinkWriter(base, 4096, 8);
        String line = "x".repeat(1000);
        int accepted = 0;
        IOException failure = null;
        for (int i = 0; i < 10 && failure == null; i++) {
            try {
                w.append("full.log", line);
                accepted++;
            } catch (IOException e) {
                failure = e;
            }
        }
        assertTrue(failure != null && failure.getMessage().contains("No space"), String.valueOf(failure));
        assertEquals(4, accepted, "four whole lines fit in the 4 KiB buffer; the fifth needed a flush, which failed");
        assertTrue(
                Problems.has("files " + base.toAbsolutePath().normalize()),
                Problems.current().toString());
        w.close();
    }
}
