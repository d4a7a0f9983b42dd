package io.logpipe.component.logfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;

/**
 * Built-in rotation for machines without logrotate: a file that reaches {@code maxBytes} is renamed
 * at once (so writing goes on in a new file), then, in the background, older generations shift
 * ({@code auth.log.1} to {@code .2} ...), the newest becomes {@code .1} and is gzipped when asked,
 * and what is beyond {@code keep} is deleted. One background thread does all of it, in order.
 */
public record SizeRotation(long maxBytes, int keep, boolean compress) {
    public static final SizeRotation NONE = new SizeRotation(0, 0, false);
    private static final Logger LOG = Logger.getLogger(SizeRotation.class);
    private static final ExecutorService SHIFTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "logfile-rotation");
        t.setDaemon(true);
        return t;
    });

    public SizeRotation {
        if (maxBytes > 0 && keep < 1)
            throw new IllegalArgumentException("logfile: rotateKeep must be at least 1, not " + keep);
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** "100MB", "1GB", "512KB" or a number of bytes. */
    public static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0) throw new NumberFormatException();
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "logfile: rotateSize must be a size such as 100MB, 1GB or 500000, not '" + text + "'");
        }
    }

    /** Renames the full file out of the way now; the rest happens on the rotation thread. */
    Future<?> rotate(Path file) throws IOException {
        Path rotating = file.resolveSibling(file.getFileName() + ".rotating-" + System.nanoTime());
        Files.move(file, rotating, StandardCopyOption.ATOMIC_MOVE);
        return SHIFTER.submit(() -> shift(file, rotating));
    }

    private void shift(Path file, Path rotating) {
        try {
            String ext = compress ? ".gz" : "";
            Files.deleteIfExists(generation(file, keep, ext));
            for (int n = keep - 1; n >= 1; n--) {
                Path from = generation(file, n, ext);
                if (Files.exists(from))
                    Files.move(from, generation(file, n + 1, ext), StandardCopyOption.REPLACE_EXISTING);
            }
            if (compress) {
                Path gz = generation(file, 1, ext);
                Path tmp = gz.resolveSibling(gz.getFileName() + ".tmp");
                try (InputStream in = Files.newInputStream(rotating);
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 65536)) {
                    in.transferTo(out);
                }
                Files.move(tmp, gz, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(rotating);
            } else {
                Files.move(rotating, generation(file, 1, ext), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(
                    "logfile: rotating %s failed: %s (the rotated lines are kept in %s)", file, e.toString(), rotating);
        }
    }

    static Path generation(Path file, int n, String ext) {
        return file.resolveSibling(file.getFileName() + "." + n + ext);
    }

    /** Waits until every rotation asked for so far is done (tests, shutdown). */
    static void awaitIdle() throws Exception {
        SHIFTER.submit(() -> {}).get();
    }
}
