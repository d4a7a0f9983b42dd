package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.EventJson;
import io.logpipe.relp.RelpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app with the shipped routes, fed by senders that try to forge lines and terminal
 * escapes into the text files, and by hostile input on every listener (UDP, TCP, RELP, HTTP
 * ingest, the parse API). Afterwards the files hold no raw control character and no forged line,
 * the process is up, and every listener's accounts balance: received = routed + dropped.
 */
class HostileSendersIT {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A fake sshd line after an LF, a screen clear, an OSC title, CR, BS, NUL, C1 CSI and a bidi override. */
    static final String FORGERY =
            "hello\nDec  1 08:00:00 web1 sshd[1]: Accepted password for root from 10.6.6.6\u001b[2J\u001b]0;owned\u0007\r\b\u0000\u009b31m\u202eexe.gnp";

    static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new PackagedApp(PackagedApp.shippedRoutes());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void tcp(byte[]... frames) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.syslogPort);
                OutputStream out = s.getOutputStream()) {
            for (byte[] f : frames) out.write(f);
            out.flush();
        }
    }

    static byte[] octetCounted(String msg) {
        byte[] m = utf8(msg);
        byte[] head = utf8(m.length + " ");
        byte[] out = new byte[head.length + m.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(m, 0, out, head.length, m.length);
        return out;
    }

    static void udp(byte[]... datagrams) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            for (byte[] d : datagrams)
                s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), app.syslogPort));
        }
    }

    static List<Path> textFiles() throws IOException {
        try (Stream<Path> s = Files.walk(app.data)) {
            // the stores and queues are binary; the files sinks write are what a reader sees
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/db/")
                            && !p.toString().contains("/index/")
                            && !p.toString().contains("/queues/")
                            && !p.toString().endsWith(".mv.db"))
                    .toList();
        }
    }

    @Test
    void noSenderCanForgeALineOrATerminalEscapeInAFile() throws Exception {
        String tag = "forge" + UUID.randomUUID().toString().substring(0, 6);
        // authpriv.notice (85) so the lines land in auth.log, over every listener
        tcp(octetCounted("<85>Dec  1 08:00:00 web1 " + tag + "[1]: tcp " + FORGERY));
        udp(utf8("<85>Dec  1 08:00:00 web1 " + tag + "[2]: udp " + FORGERY));
        try (Socket s = new Socket("127.0.0.1", app.relpPort);
                RelpClient relp = new RelpClient(s)) {
            relp.open();
            relp.send("<85>Dec  1 08:00:00 web1 " + tag + "[3]: relp " + FORGERY);
        }
        StringBuilder json = new StringBuilder("{\"host\":\"web1\",\"app\":\"" + tag + "\",\"message\":");
        EventJson.quote(json, "http " + FORGERY);
        assertEquals(
                200,
                app.http("POST", "/api/v1/ingest", json.append("}\n").toString())
                        .status());

        Path auth = app.data.resolve("auth.log");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> PackagedApp.read(auth)
                                .lines()
                                .filter(l -> l.contains(tag))
                                .count()
                        == 3);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> PackagedApp.read(app.data.resolve("syslog")).contains("http hello"));
        for (Path f : textFiles()) {
            String text = Files.readString(f);
            for (String line : text.split("\n", -1)) {
                assertTrue(
                        line.chars().noneMatch(c -> (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                        f + ": raw control character in " + line.replaceAll("\\p{Cntrl}", "?"));
                assertTrue(!line.startsWith("Dec  1 08:00:00 web1 sshd[1]"), f + ": a forged line: " + line);
            }
        }
        List<String> forged =
                PackagedApp.read(auth).lines().filter(l -> l.contains(tag)).toList();
        for (String l : forged) {
            assertTrue(
                    l.contains(
                            "hello#012Dec  1 08:00:00 web1 sshd[1]: Accepted password for root from 10.6.6.6#033[2J#033]0;owned#007#015#010#000#23331m#u202Eexe.gnp"),
                    l);
        }
    }

    @Test
    void hostileInputOnEveryListenerBecomesEventsAndTheAccountsBalance() throws Exception {
        Random r = new Random(42);
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[1 + r.nextInt(3000)];
            r.nextBytes(b);
            garbage.add(b);
        }
        // TCP: deep JSON, random bytes, a 200 kB line (cut to maxFrameSize), a bad octet count, invalid UTF-8, NUL
        tcp(
                utf8(deep + "\n"),
                garbage.get(0),
                utf8("\n"),
                utf8("y".repeat(200_000) + "\n"),
                utf8("99999999999999 x\n"),
                new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, '\n'},
                new byte[] {0, 0, '<', '1', '3', '>', 'n', 'u', 'l', 0, '\n'});
        // UDP: deep JSON, random datagrams
        udp(utf8(deep));
        udp(garbage.toArray(new byte[0][]));
        // RELP: a session that sends garbage is refused with a reason; a deep-JSON message is still acknowledged
        try (Socket s = new Socket("127.0.0.1", app.relpPort);
                OutputStream out = s.getOutputStream()) {
            out.write(garbage.get(1));
            out.write(utf8("\n1 syslog 99999999999 x\n"));
            out.flush();
            s.setSoTimeout(5000);
            while (s.getInputStream().read() >= 0) {
                /* the server closes */
            }
        } catch (IOException closed) {
            // reset by the server: refused either way
        }
        try (Socket s = new Socket("127.0.0.1", app.relpPort);
                RelpClient relp = new RelpClient(s)) {
            relp.open();
            relp.send(deep);
        }
        // HTTP ingest: the line after the deep one is stored too (the decoder's exception used to lose the rest of the
        // batch)
        String tag = "hostile" + UUID.randomUUID().toString().substring(0, 6);
        PackagedApp.Reply ingest = app.http(
                "POST",
                "/api/v1/ingest",
                deep + "\n{\"host\":\"h\",\"app\":\"" + tag + "\",\"message\":\"after deep\"}\n");
        assertEquals(400, ingest.status(), "one line did not decode: " + ingest.body());
        assertTrue(ingest.body().contains("nesting depth") && ingest.body().contains("\"accepted\":1"), ingest.body());
        PackagedApp.Reply parse = app.http("POST", "/api/v1/parse?format=json", deep);
        assertEquals(200, parse.status(), parse.body());
        assertTrue(parse.body().contains("parse_error"), parse.body());

        assertEquals(200, app.http("GET", "/q/health/live", null).status());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> PackagedApp.read(app.data.resolve("syslog")).contains("after deep"));
        await().atMost(Duration.ofSeconds(20)).until(HostileSendersIT::balanced);
        JsonNode pipeline =
                JSON.readTree(app.http("GET", "/api/v1/pipeline", null).body());
        for (JsonNode l : pipeline.get("listeners")) {
            assertEquals(0, l.get("dropped").path("route_error").asLong(), l.toString());
        }
        JsonNode relp = listener(pipeline, "syslog-relp");
        assertTrue(relp.get("refused").path("relp_protocol").asLong() >= 1, relp.toString());
        // every frame became an event (the lenient RFC3164 reading takes garbage as a message)
        assertTrue(listener(pipeline, "syslog-tcp").get("received").asLong() >= 7, pipeline.toString());
        assertTrue(listener(pipeline, "syslog-udp").get("received").asLong() >= 51, pipeline.toString());
        assertTrue(listener(pipeline, "ingest-json").get("parse_errors").asLong() >= 1, pipeline.toString());
    }

    static JsonNode listener(JsonNode pipeline, String name) {
        for (JsonNode l : pipeline.get("listeners"))
            if (l.get("listener").asText().equals(name)) return l;
        throw new AssertionError("no listener " + name + " in " + pipeline);
    }

    /** Every listener: received = routed + dropped (drops before receipt, kernel_buffer and rate_limit, aside). */
    static boolean balanced() throws IOException {
        JsonNode pipeline =
                JSON.readTree(app.http("GET", "/api/v1/pipeline", null).body());
        for (JsonNode l : pipeline.get("listeners")) {
            long dropped = 0;
            var it = l.get("dropped").fields();
            while (it.hasNext()) {
                var d = it.next();
                if (!d.getKey().equals("kernel_buffer") && !d.getKey().equals("rate_limit"))
                    dropped += d.getValue().asLong();
            }
            if (l.get("received").asLong() != l.get("routed").asLong() + dropped) return false;
        }
        return true;
    }
}
