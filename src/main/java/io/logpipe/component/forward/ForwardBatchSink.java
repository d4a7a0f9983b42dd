package io.logpipe.component.forward;

import io.logpipe.codec.encode.EventEncoder;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.relp.RelpRefusedException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a batch from the forward sink's queue, in order. The upstream unreachable: what was sent
 * counts as done and the rest is retried. A message the RELP server answers with an error is
 * rejected for good (dead letter): sending it again would get the same answer.
 */
public final class ForwardBatchSink implements BatchSink {
    private final SyslogSender sender;
    private final EventEncoder encoder;

    public ForwardBatchSink(SyslogSender sender, EventEncoder encoder) {
        this.sender = sender;
        this.encoder = encoder;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                sender.send(encoder.encode(batch.get(i)));
            } catch (RelpRefusedException refused) {
                rejected.put(i, refused.getMessage());
            } catch (IOException e) {
                return Outcome.failed(i, rejected, e);
            }
        }
        return new Outcome(batch.size(), rejected, null);
    }

    @Override
    public void close() {
        sender.close();
    }
}
