package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.testutil.SmallDisk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded H2 on a disk that fills up: a failed write is an outage to retry, never rows
 * refused for good (dead letters), and once there is room again the same batch is written.
 */
class H2DiskFullTest {
    static List<LogEvent> batch(int from, int n) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            LogEvent e = EventWriterTest.numbered(i);
            e.setMessage("number " + i + " " + "m".repeat(2000));
            events.add(e);
        }
        return events;
    }

    @Test
    void aFullDiskIsAnOutageNotARefusal() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(24)) {
            DbSettings settings =
                    new DbSettings("jdbc:h2:file:" + disk.dir.resolve("db").resolve("logpipe"), "", "", 2, true);
            try (Database db = new Database(settings)) {
                DbBatchSink sink = new DbBatchSink("db:full", db, Duration.ofSeconds(30));
                assertEquals(100, sink.deliver(batch(0, 100)).done());
                disk.fillUp();
                BatchSink.Outcome full = null;
                int from = 100;
                for (int attempt = 0;
                        attempt < 20 && (full == null || full.failure() == null);
                        attempt++, from += 500) {
                    full = sink.deliver(batch(from, 500));
                }
                assertNotNull(full.failure(), "the disk never filled up");
                assertTrue(
                        full.rejected().isEmpty(),
                        "no row is refused for good because the disk is full: " + full.rejected());
                disk.makeRoom();
                BatchSink.Outcome again = null;
                for (int attempt = 0; attempt < 10 && (again == null || again.failure() != null); attempt++) {
                    again = sink.deliver(batch(from, 500));
                    if (again.failure() != null) Thread.sleep(500);
                }
                assertEquals(null, again.failure(), "writes work again once there is room");
                assertEquals(500, again.done());
                assertTrue(again.rejected().isEmpty());
            }
        }
    }
}
