package io.logpipe.store;

import static io.logpipe.store.EventWriterTest.numbered;
import static io.logpipe.store.EventWriterTest.proxied;
import static io.logpipe.store.EventWriterTest.targetPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database sink against a database that hangs (the connection stays open, nothing answers: a
 * stalled server, a dropped route without a reset): a batch must fail within the write timeout, so
 * the queue retries and the pipeline API shows the problem, instead of the dispatcher waiting for
 * ever. Once the database answers again, everything is written.
 */
class DbBatchSinkTest {
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aHangingDatabaseFailsTheBatchWithinTheTimeoutAndNothingIsLost(String kind) throws Exception {
        String url = TestDatabases.url(kind);
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", targetPort(url))) {
            proxy.up();
            try (Database db = new Database(TestDatabases.fresh(kind, proxied(url, proxy.port())))) {
                DbBatchSink sink = new DbBatchSink("hang", db, WRITE_TIMEOUT);
                assertNull(sink.deliver(events(0, 100)).failure());

                proxy.hold();
                for (int attempt = 0; attempt < 2; attempt++) {
                    int from = 100 + attempt * 100;
                    long start = System.nanoTime();
                    // bounded by the borrow check (5 s), waiting for a new connection (5 s) and the write timeout;
                    // generous for a loaded machine
                    BatchSink.Outcome o = assertTimeoutPreemptively(
                            WRITE_TIMEOUT.plusSeconds(27),
                            () -> sink.deliver(events(from, from + 100)),
                            "attempt " + attempt + " while the database hangs");
                    System.out.printf(
                            "%s hanging: attempt %d failed after %d ms: %s%n",
                            kind, attempt, (System.nanoTime() - start) / 1_000_000, o.failure());
                    assertNotNull(o.failure(), "a hanging database is a failure, attempt " + attempt);
                    assertEquals(0, o.rejected().size(), "nothing is a dead letter because of a hang: " + o.rejected());
                }
                proxy.release();

                BatchSink.Outcome again = null;
                for (int i = 0; i < 20 && (again == null || again.failure() != null); i++) {
                    again = sink.deliver(events(100, 300)); // the queue's retry of what was not written
                    if (again.failure() != null) Thread.sleep(500);
                }
                assertNull(again.failure(), "written once the database answers");
                assertEquals(300, TestDatabases.distinctMessages(db));

                // the database stops reading in the middle of a large write: the driver blocks in a
                // socket write (or, later, in a read), and the write deadline ends it either way
                List<LogEvent> large = events(300, 100_300);
                var writing = CompletableFuture.supplyAsync(() -> sink.deliver(large));
                Thread.sleep(100);
                proxy.hold();
                try {
                    long start = System.nanoTime();
                    BatchSink.Outcome cut =
                            writing.get(WRITE_TIMEOUT.plusSeconds(27).toMillis(), TimeUnit.MILLISECONDS);
                    System.out.printf(
                            "%s hanging mid-write: failed after %d ms: %s%n",
                            kind, (System.nanoTime() - start) / 1_000_000, cut.failure());
                    assertNotNull(cut.failure(), "a write cut off by a hang is a failure");
                    assertEquals(0, cut.rejected().size());
                } finally {
                    proxy.release(); // else closing the pool would wait on the held sockets
                }
            }
        }
    }

    static List<LogEvent> events(int from, int to) {
        List<LogEvent> batch = new ArrayList<>();
        for (int i = from; i < to; i++) batch.add(numbered(i));
        return batch;
    }
}
