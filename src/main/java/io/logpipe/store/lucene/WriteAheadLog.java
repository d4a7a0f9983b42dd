package io.logpipe.store.lucene;

import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The index's write-ahead log, as Elasticsearch's translog: each batch is appended ({@code id TAB
 * contract JSON} per event) and forced to the device before the batch counts as stored, so the
 * index itself need only commit about once a second. After a crash the events added since the
 * last commit are read back from here; after a commit it is emptied.
 */
final class WriteAheadLog implements Closeable {
    record Entry(long id, LogEvent event) {}

    interface Replay {
        void accept(Entry e) throws IOException;
    }

    private final Path file;
    private final FileChannel channel;

    WriteAheadLog(Path file) throws IOException {
        this.file = file;
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Appends the batch (event i has id firstId + i) and forces it to the device; returns the size before it, to undo with {@link #truncate}. */
    long append(long firstId, List<LogEvent> batch) throws IOException {
        long before = channel.size();
        StringBuilder sb = new StringBuilder(batch.size() * 400);
        for (int i = 0; i < batch.size(); i++) {
            sb.append(firstId + i).append('\t');
            EventJson.write(batch.get(i), sb);
            sb.append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        channel.position(before);
        try {
            while (bytes.hasRemaining()) channel.write(bytes);
            channel.force(false);
        } catch (IOException e) {
            // a part written (a full disk) must not run into the next batch's first line
            try {
                truncate(before);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return before;
    }

    void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.position(size);
        channel.force(false);
    }

    /** Every complete entry, oldest first; a last line cut short by a crash is dropped. */
    void replay(Replay into) throws IOException {
        long end = 0;
        channel.position(0);
        BufferedReader r = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8), 1 << 16);
        long read = 0;
        for (String line; (line = r.readLine()) != null; ) {
            read += line.getBytes(StandardCharsets.UTF_8).length + 1;
            int tab = line.indexOf('\t');
            LogEvent e;
            long id;
            try {
                if (tab < 1 || !line.endsWith("}")) throw new IllegalArgumentException("incomplete entry");
                id = Long.parseLong(line.substring(0, tab));
                e = EventJsonReader.read(line.substring(tab + 1));
            } catch (RuntimeException cut) {
                break; // a torn write at the end: it was never acknowledged
            }
            into.accept(new Entry(id, e));
            end = read;
        }
        truncate(Math.min(end, channel.size()));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
