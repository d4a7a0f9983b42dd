package io.logpipe.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.logpipe.api.DecoderRegistry;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoder;
import io.logpipe.codec.Guarded;
import io.logpipe.codec.json.JsonDecoder;
import io.logpipe.component.syslog.SyslogFrameDecoder;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.relp.RelpFrame;
import io.logpipe.relp.RelpFrameDecoder;
import io.logpipe.relp.RelpProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile input thrown at every decoder and framer: nothing may throw, every input
 * must come out as events (raw ones with a parse_error when nothing parsed), and a framer must
 * find the next good frame after any garbage. The seed is printed, so a failure can be replayed
 * with -Dlogpipe.fuzz.seed=N.
 */
class HostileInputTest {
    static final long SEED = Long.getLong("logpipe.fuzz.seed", System.nanoTime());
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2021-03-10T12:00:00Z"), new Source("192.0.2.7", 514, "fuzz", null), ZoneOffset.UTC, true);

    /** Inputs that broke parsers somewhere before (ours or others'), plus the classic traps. */
    static List<String> hostile() {
        List<String> in = new ArrayList<>();
        in.add("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)); // deep JSON: threw a NullPointerException
        in.add("[".repeat(100_000)); // deeper still, never closed
        in.add("{\"EnvVersion\":\"2.0\",\"Fields\":" + "[".repeat(3000) + "]".repeat(3000) + "}");
        in.add("{\"Records\":" + "[".repeat(3000));
        in.add("x".repeat(10 << 20)); // a 10 MB line
        in.add("<13>" + "y".repeat(2 << 20));
        in.add("");
        in.add("\u0000\u0000\u0000");
        in.add("<" + "9".repeat(40) + ">Nov 22 10:00:00 h a: pri overflow");
        in.add("<-1>1 - - - - - -");
        in.add("<13>1 2021-03-10T12:00:00Z h a p m [" + "x".repeat(70000));
        in.add("<13>1 2021-03-10T12:00:00Z h a p m " + "[a b=\"".repeat(5000));
        in.add("<13>1 9999999999-99-99T99:99:99.9999999999+99:99 h a - - - x");
        in.add("<13>Feb 30 25:61:61 host app[" + "9".repeat(50) + "]: bad time");
        in.add("CEF:" + "|".repeat(100_000));
        in.add("CEF:0|a|b|c|d|e|5|" + "k=v ".repeat(50_000) + "\\");
        in.add("LEEF:2.0|a|b|c|d|\u0000|" + "k=v\u0000".repeat(1000));
        in.add("<13>Nov 22 10:00:00 host CEF:0|" + "\\|".repeat(10_000));
        in.add("\uFEFF\uFEFF<13>bom twice");
        in.add("\uD800 lone surrogate \uDC00");
        in.add("{\"timestamp\":1e999999,\"message\":\"x\"}");
        in.add("{\"timestamp\":\"+1000000000-01-01T00:00:00Z\"}");
        in.add("{\"EnvVersion\":\"2.0\",\"Timestamp\":-99999999999999999999999999999,\"Severity\":\"99999999999\"}");
        in.add("\u001b[2J\u001b]0;owned\u0007<13>escapes");
        in.add("<132>Dec  2 10:00:00 h ossec: Alert Level: 99999999999999999999; Rule: 1 - x; Location: y;");
        in.add("<132>Dec  2 10:00:00 h ossec: {\"rule\":{\"level\":[1]},\"full_log\":{}}");
        in.add("type=SYSCALL msg=audit(99999999999999999999.1:1): a='unterminated");
        in.add("type=EXECVE msg=audit(1.2:3): argc=1 a0=" + "41".repeat(20_000) + "0");
        in.add("<13>Dec  2 10:00:00 h MSWinEventLog\t\t\t");
        in.add("MSWinEventLog" + "#011".repeat(5000));
        in.add("{\"short_message\":\"x\",\"timestamp\":1e400,\"level\":\"9\"}");
        in.add("{\"short_message\":{\"a\":[1,2]},\"_id\":1,\"host\":null}");
        in.add("version srcaddr\n2 -\n2 1 eni-1 10.0.0.1 10.0.0.2 99999999999999999999 22 6 1 1 1 1 ACCEPT OK");
        in.add("<13>line one\nNov 22 10:00:00 web1 sshd[1]: Accepted password for root from 10.6.6.6\n");
        return in;
    }

    static List<Decoder> decoders() {
        DecoderRegistry registry = new DecoderRegistry();
        List<Decoder> all = new ArrayList<>();
        for (String name : registry.names()) all.add(registry.get(name));
        all.add(Guarded.of(new JsonDecoder(JsonDecoder.Mapping.DEFAULT)));
        return all;
    }

    static void check(Decoder d, String input) {
        List<LogEvent> events;
        try {
            events = d.decode(input, CTX);
        } catch (Throwable t) {
            fail(d.format() + " threw " + t + " on input of " + input.length() + " chars starting " + preview(input)
                    + " (seed " + SEED + ")");
            return;
        }
        assertNotNull(events, d.format());
        assertFalse(events.isEmpty(), d.format() + ": no event for " + preview(input));
        for (LogEvent e : events) {
            assertNotNull(e.getFormat(), d.format());
            if (e.getFormat().equals("raw"))
                assertNotNull(e.getParseError(), d.format() + ": raw without parse_error for " + preview(input));
            assertNotNull(e.getReceivedAt());
            EventJson.toJson(e); // every event can be written out
        }
    }

    static String preview(String s) {
        String p = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + p.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }

    @Test
    void everyDecoderTurnsHostileInputIntoEvents() {
        for (Decoder d : decoders()) {
            for (String input : hostile()) check(d, input);
        }
    }

    @Test
    void everyDecoderTurnsRandomInputIntoEvents() {
        System.out.println("HostileInputTest seed " + SEED);
        Random r = new Random(SEED);
        List<Decoder> decoders = decoders();
        String alphabet = "<>[]{}\":,=|\\ -.0123456789TZ\u0000\n\r\t\u001b\u00e9\u2028abcCEFLEEF";
        for (int round = 0; round < 3000; round++) {
            String input;
            switch (round % 3) {
                case 0 -> { // random bytes, as the listeners decode them (invalid UTF-8 replaced)
                    byte[] b = new byte[r.nextInt(600)];
                    r.nextBytes(b);
                    input = new String(b, StandardCharsets.UTF_8);
                }
                case 1 -> { // random text made of the characters parsers care about
                    StringBuilder sb = new StringBuilder();
                    int n = r.nextInt(400);
                    for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                    input = sb.toString();
                }
                default -> { // a valid-looking message cut or mutated at a random place
                    String[] seeds = {
                        "<34>1 2021-03-10T12:00:00.123Z host app 42 ID7 [ex@1 a=\"b\\\"c\"][x y=\"z\"] msg",
                        "<13>Mar 10 12:00:00 host sshd[42]: Accepted publickey",
                        "CEF:0|V|P|1|100|name|5|src=1.2.3.4 msg=a\\=b",
                        "{\"EnvVersion\":\"2.0\",\"Timestamp\":1615377600000000000,\"Logger\":\"x\",\"Fields\":{\"msg\":\"m\"}}",
                        "{\"Records\":[{\"eventTime\":\"2021-03-10T12:00:00Z\",\"eventSource\":\"s3\",\"eventName\":\"Get\"}]}"
                    };
                    StringBuilder sb = new StringBuilder(seeds[r.nextInt(seeds.length)]);
                    int edits = 1 + r.nextInt(4);
                    for (int i = 0; i < edits && sb.length() > 0; i++) {
                        int at = r.nextInt(sb.length());
                        switch (r.nextInt(3)) {
                            case 0 -> sb.setLength(at);
                            case 1 -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                            default -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        }
                    }
                    input = sb.toString();
                }
            }
            for (Decoder d : decoders) check(d, input);
        }
    }

    @Test
    void theTcpFramerSurvivesGarbageAndFindsTheNextFrame() {
        Random r = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            List<String> frames = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            EmbeddedChannel ch = new EmbeddedChannel(new SyslogFrameDecoder(2048, (text, length, truncated) -> {
                frames.add(text);
                lengths.add(length);
            }));
            // Garbage without spaces: "digits SP" would start an octet-counted frame that rightly
            // swallows the next bytes, so no newline could end it. Counting headers come as traps.
            byte[] garbage = new byte[r.nextInt(20_000)];
            r.nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) if (garbage[i] == ' ') garbage[i] = '!';
            String[] traps = {"99999999999999999999 x", "0 ", "2147483648 abc", "5 abcde", "1 x", "-3 x", "12345"};
            ch.writeInbound(Unpooled.wrappedBuffer(garbage));
            // a trap inside the garbage's last line, or at the start of a frame of its own
            String trap = (r.nextBoolean() ? "\n" : "") + traps[r.nextInt(traps.length)];
            ch.writeInbound(Unpooled.copiedBuffer(trap, StandardCharsets.US_ASCII));
            // a newline ends whatever the garbage started; then a good frame of each kind
            ch.writeInbound(
                    Unpooled.copiedBuffer("\n<13>after the garbage\n13 <13>octet one", StandardCharsets.US_ASCII));
            assertTrue(ch.isActive(), "the framer closed the connection (seed " + SEED + ")");
            int n = frames.size();
            assertTrue(n >= 2, "round " + round + ": " + frames.size());
            assertEquals("<13>octet one", frames.get(n - 1), "round " + round + " (seed " + SEED + ")");
            assertEquals("<13>after the garbage", frames.get(n - 2), "round " + round + " (seed " + SEED + ")");
            for (String f : frames)
                assertTrue(f.getBytes(StandardCharsets.UTF_8).length <= 2048 * 3, "frames are bounded");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theRelpFramerRefusesGarbageWithAProtocolErrorNeverAnotherException() {
        Random r = new Random(SEED);
        String session = "1 open 46 relp_version=0\nrelp_software=x\ncommands=syslog\n2 syslog 11 <13>hello 1\n";
        for (int round = 0; round < 500; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[r.nextInt(2000)];
                r.nextBytes(bytes);
            } else { // a real session cut short or with one byte changed
                StringBuilder sb = new StringBuilder(session);
                int at = r.nextInt(sb.length());
                if (r.nextBoolean()) sb.setLength(at);
                else sb.setCharAt(at, (char) (' ' + r.nextInt(95)));
                bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
            }
            EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(1024));
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes));
                for (Object o; (o = ch.readInbound()) != null; ) assertTrue(o instanceof RelpFrame);
            } catch (DecoderException e) {
                assertTrue(
                        e.getCause() instanceof RelpProtocolException,
                        "round " + round + ": " + e + " (seed " + SEED + ")");
            }
            ch.finishAndReleaseAll();
        }
    }
}
