package io.logpipe.it;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** A real rsyslogd in the foreground with its own configuration, work directory, pid file and output under {@code work}. */
final class Rsyslog {
    private Rsyslog() {}

    /** Writes lines 1..total (LF-framed) to rsyslog's TCP input, {@code burst} at a time with a pause between, so a stream lasts. */
    static void feed(int port, int total, int burst, long pauseMs, IntFunction<String> line) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            for (int i = 1; i <= total; i++) {
                out.write((line.apply(i) + "\n").getBytes(StandardCharsets.US_ASCII));
                if (i % burst == 0) {
                    out.flush();
                    Thread.sleep(pauseMs);
                }
            }
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Process start(Path work, String... configLines) throws Exception {
        Files.writeString(work.resolve("rsyslog.conf"), String.join("\n", configLines) + "\n");
        return new ProcessBuilder(
                        "rsyslogd",
                        "-n",
                        "-f",
                        work.resolve("rsyslog.conf").toString(),
                        "-i",
                        work.resolve("pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("out").toFile())
                .start();
    }
}
