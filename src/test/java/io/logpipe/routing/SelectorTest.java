package io.logpipe.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.Facility;
import io.logpipe.event.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Selector semantics as rsyslog.conf(5) documents them, one row per example. */
class SelectorTest {
    /** selector | facility | severity | matches */
    @ParameterizedTest(name = "{0} ~ {1}.{2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "auth,authpriv.*              | authpriv | debug   | true",
                "auth,authpriv.*              | auth     | emerg   | true",
                "auth,authpriv.*              | mail     | emerg   | false",
                "*.*;auth,authpriv.none       | daemon   | debug   | true",
                "*.*;auth,authpriv.none       | authpriv | emerg   | false",
                "*.info;mail.none;authpriv.none;cron.none | user | info | true",
                "*.info;mail.none;authpriv.none;cron.none | user | debug | false",
                "*.info;mail.none;authpriv.none;cron.none | cron | err | false",
                "mail.info                    | mail     | err     | true",
                "mail.info                    | mail     | debug   | false",
                "mail.=info                   | mail     | info    | true",
                "mail.=info                   | mail     | err     | false",
                "mail.*;mail.!=info           | mail     | info    | false",
                "mail.*;mail.!=info           | mail     | debug   | true",
                "mail.*;mail.!err             | mail     | crit    | false",
                "mail.*;mail.!err             | mail     | warning | true",
                "*.emerg                      | kern     | emerg   | true",
                "*.emerg                      | kern     | alert   | false",
                "kern.*                       | kern     | info    | true",
                "4.3                          | auth     | err     | true",
                "4.3                          | auth     | warning | false",
                "local0,local7.warn           | local7   | crit    | true",
                "local0,local7.warn           | local1   | crit    | false",
                "*.=debug;auth,authpriv.none;news.none;mail.none | user | debug | true",
                "*.=debug;auth,authpriv.none;news.none;mail.none | news | debug | false",
                "security.warning             | auth     | err     | true",
                "user.error                   | user     | err     | true",
            })
    void matchesLikeRsyslog(String selector, String facility, String severity, boolean expected) {
        Selector s = Selector.parse(selector);
        assertEquals(
                expected,
                s.matches(
                        Facility.ofName(facility).code(),
                        Severity.ofName(severity).code()));
    }

    @org.junit.jupiter.api.Test
    void eventsWithoutPriMatchAsUserNotice() {
        assertTrue(Selector.parse("user.notice").matches(-1, -1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "mial.*|unknown facility 'mial'",
                "mail.loud|unknown severity 'loud'",
                "mail|not facility.severity",
                " |empty selector"
            })
    void rejectsBadSelectorsWithAReason(String selector, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Selector.parse(selector));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
