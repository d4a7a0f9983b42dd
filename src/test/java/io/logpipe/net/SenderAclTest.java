package io.logpipe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderAclTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "192.168.2.0/24; 192.168.2.77; true",
                "192.168.2.0/24; 192.168.3.1; false",
                "10.0.0.1; 10.0.0.1; true",
                "10.0.0.1; 10.0.0.2; false",
                "10.0.0.0/9; 10.127.255.255; true",
                "10.0.0.0/9; 10.128.0.0; false",
                "0.0.0.0/0; 203.0.113.9; true",
                "2001:db8::/32; 2001:db8:1::5; true",
                "2001:db8::/32; 2001:db9::5; false",
                "192.168.2.0/24, 127.0.0.1; 127.0.0.1; true",
                "2001:db8::/32; 192.168.2.1; false",
                "localhost; 127.0.0.1; true",
                "*.invalid; 127.0.0.1; false"
            })
    void addressesBlocksAndNames(String spec, String sender, boolean allowed) throws Exception {
        assertEquals(allowed, SenderAcl.parse(spec).allows(InetAddress.getByName(sender)), spec + " vs " + sender);
    }

    @Test
    void emptyAllowsEveryoneAndGarbageIsRefusedWithTheItem() throws Exception {
        assertTrue(SenderAcl.parse("").allows(InetAddress.getByName("198.51.100.1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SenderAcl.parse("10.0.0.0/33"));
        assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SenderAcl.parse("ex ample.com"));
        assertThrows(IllegalArgumentException.class, () -> SenderAcl.parse("300.1.1.1"));
    }
}
