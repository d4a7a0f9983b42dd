package io.logpipe.config;

import java.util.List;
import java.util.TreeSet;

/**
 * Which endpoint schemes this build can serve, for a validate message that names them: logpipe's own
 * and the Camel components whose service file is on the class path, out of the ones a route file is
 * likely to try.
 */
final class AvailableComponents {
    private static final List<String> CANDIDATES = List.of(
            "alerts",
            "cloudtrail",
            "db",
            "decode",
            "forward",
            "gelf",
            "ingest",
            "kafka-events",
            "logfile",
            "rabbitmq-events",
            "netflow",
            "normalize",
            "s3-archive",
            "snmptrap",
            "syslog",
            "vpcflow",
            "aws2-s3",
            "bean",
            "class",
            "direct",
            "exec",
            "file",
            "ftp",
            "http",
            "https",
            "imap",
            "imaps",
            "jdbc",
            "jms",
            "kafka",
            "log",
            "mail",
            "mock",
            "mongodb",
            "mqtt",
            "netty",
            "netty-http",
            "platform-http",
            "pop3",
            "rabbitmq",
            "rest",
            "scheduler",
            "seda",
            "sftp",
            "smtp",
            "smtps",
            "sql",
            "spring-rabbitmq",
            "ssh",
            "stub",
            "timer",
            "vertx",
            "websocket");
    private static volatile List<String> names;

    private AvailableComponents() {}

    static List<String> names() {
        if (names == null) {
            TreeSet<String> found = new TreeSet<>();
            ClassLoader cl = AvailableComponents.class.getClassLoader();
            for (String c : CANDIDATES)
                if (cl.getResource("META-INF/services/org/apache/camel/component/" + c) != null) found.add(c);
            names = List.copyOf(found);
        }
        return names;
    }
}
