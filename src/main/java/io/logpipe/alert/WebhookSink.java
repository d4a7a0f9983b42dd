package io.logpipe.alert;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs each alert as JSON to a URL. 2xx: delivered. 4xx other than 408/429: the receiver refuses
 * this alert for good (dead letter, with the status and body). Anything else, or no answer:
 * retried by the alert's durable queue with backoff.
 */
public final class WebhookSink implements BatchSink {
    private final HttpClient http;
    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;

    public WebhookSink(String url, Duration timeout, Map<String, String> headers) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.url = URI.create(url);
        this.timeout = timeout;
        this.headers = headers;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EventJson.valueJson(AlertEvents.alertOf(batch.get(i)))));
            headers.forEach(b::header);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                int s = r.statusCode();
                if (s >= 200 && s < 300) continue;
                String why = "webhook " + url + " answered " + s + ": " + abbreviate(r.body());
                if (s >= 400 && s < 500 && s != 408 && s != 429) rejected.put(i, why);
                else return Outcome.failed(i, rejected, new IOException(why));
            } catch (IOException e) {
                return Outcome.failed(i, rejected, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed(i, rejected, e);
            }
        }
        return new Outcome(batch.size(), rejected, null);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
