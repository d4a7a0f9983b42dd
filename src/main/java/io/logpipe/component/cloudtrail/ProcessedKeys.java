package io.logpipe.component.cloudtrail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The S3 keys already ingested, one per line in a file that is appended to and forced to disk
 * before the object is deleted or moved, so a restart (or a crash) never ingests a file twice.
 */
public final class ProcessedKeys implements AutoCloseable {
    private final Set<String> keys = new HashSet<>();
    private final FileChannel out;

    public ProcessedKeys(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isEmpty()) keys.add(line);
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    public synchronized boolean contains(String key) {
        return keys.contains(key);
    }

    public synchronized void add(String key) throws IOException {
        if (!keys.add(key)) return;
        out.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
        out.force(false);
    }

    public synchronized int size() {
        return keys.size();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
