package io.logpipe.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs the test mounts itself, to fill up: disk-full drills without touching the
 * machine's real disks. Needs root (CI runs as root); without it the test is skipped and says why.
 * A filler file takes the free space and gives it back on {@link #makeRoom()}.
 */
public final class SmallDisk implements AutoCloseable {
    public final Path dir;
    private final Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code mib} MiB on a new directory; skips the test when that is not possible. */
    public static SmallDisk mount(int mib) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("logpipe-small-disk");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        if (!done || p.exitValue() != 0) {
            Files.deleteIfExists(dir);
            Assumptions.abort("disk-full drill skipped: cannot mount a tmpfs (needs root): " + out.strip());
        }
        return new SmallDisk(dir);
    }

    /** Writes a filler file until the file system is full (ENOSPC), leaving {@code keepBytes} of it free. */
    public void fill(long keepBytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            long free = Files.getFileStore(dir).getUsableSpace();
            long written = 0;
            while (written + chunk.length <= free - keepBytes) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            // full already: what we want
        }
    }

    /** Fills the rest completely. */
    public void fillUp() throws IOException {
        fill(0);
        byte[] one = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) out.write(one);
        } catch (IOException full) {
            // ENOSPC: the disk is full
        }
    }

    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Every file on the disk with its size, for failure messages. */
    public String listing() throws IOException {
        try (var files = Files.walk(dir)) {
            return "free " + free() + " bytes; "
                    + files.filter(Files::isRegularFile)
                            .map(p -> {
                                try {
                                    return dir.relativize(p) + "=" + Files.size(p);
                                } catch (IOException e) {
                                    return dir.relativize(p) + "=?";
                                }
                            })
                            .toList();
        }
    }

    /** Deletes the filler: the space is back. */
    public void makeRoom() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(20, TimeUnit.SECONDS);
        Files.deleteIfExists(dir);
    }
}
