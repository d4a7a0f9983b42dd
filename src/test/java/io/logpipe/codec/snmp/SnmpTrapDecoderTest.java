package io.logpipe.codec.snmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Traps encoded here after RFC 1157 (v1 Trap-PDU) and RFC 3416 (SNMPv2-Trap, InformRequest). */
class SnmpTrapDecoderTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-12-02T12:00:00Z"),
            new Source("192.0.2.9", 40000, "traps", null),
            ZoneOffset.UTC,
            false);

    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
        for (int i = 2; i < p.length; i++) {
            long v = Long.parseLong(p[i]);
            int n = 1;
            while ((v >> (7 * n)) != 0) n++;
            for (int k = n - 1; k >= 0; k--) out.write((int) ((v >> (7 * k)) & 0x7f) | (k > 0 ? 0x80 : 0));
        }
        return Ber.tlv(Ber.OID, out.toByteArray());
    }

    static byte[] str(String s) {
        return Ber.tlv(Ber.OCTET_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] vb(String o, byte[] value) {
        return Ber.tlv(Ber.SEQUENCE, Ber.concat(oid(o), value));
    }

    static byte[] v2(int pduTag, String community, byte[]... varbinds) {
        byte[] pdu = Ber.tlv(
                pduTag,
                Ber.concat(
                        Ber.integerValue(1234),
                        Ber.integerValue(0),
                        Ber.integerValue(0),
                        Ber.tlv(Ber.SEQUENCE, Ber.concat(varbinds))));
        return Ber.tlv(Ber.SEQUENCE, Ber.concat(Ber.integerValue(1), str(community), pdu));
    }

    static Object f(LogEvent e, String path) {
        return ExtractedFields.get(e, "fields.snmp." + path);
    }

    @Test
    void v2cLinkDownWithNamedVariables() {
        byte[] trap = v2(
                0xa7,
                "public",
                vb("1.3.6.1.2.1.1.3.0", Ber.tlv(Ber.TIMETICKS, new byte[] {0x01, 0x00})),
                vb("1.3.6.1.6.3.1.1.4.1.0", oid("1.3.6.1.6.3.1.1.5.3")),
                vb("1.3.6.1.2.1.2.2.1.1.2", Ber.integerValue(2)),
                vb("1.3.6.1.2.1.2.2.1.2.2", str("eth1")),
                vb("1.3.6.1.2.1.2.2.1.8.2", Ber.integerValue(2)),
                vb("1.3.6.1.4.1.9.9.1", Ber.tlv(Ber.OCTET_STRING, new byte[] {0, 0x1b, 0x21, (byte) 0xaa, 0x01, 0x02})),
                vb("1.3.6.1.4.1.9.9.2", Ber.tlv(Ber.COUNTER64, new byte[] {
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff
                })),
                vb("1.3.6.1.6.3.18.1.3.0", Ber.tlv(Ber.IP_ADDRESS, new byte[] {10, 0, 0, 7})));
        SnmpTrapDecoder.Result r = SnmpTrapDecoder.decode(trap, "192.0.2.9", CTX);
        LogEvent e = r.event();
        assertEquals("snmptrap", e.getFormat(), String.valueOf(e.getParseError()));
        assertNull(r.response(), "a trap is not answered");
        assertEquals("10.0.0.7", e.getHost(), "snmpTrapAddress.0 names the agent");
        assertEquals("2c", f(e, "version"));
        assertEquals("public", f(e, "community"));
        assertEquals("1.3.6.1.6.3.1.1.5.3", f(e, "trap_oid"));
        assertEquals("linkDown", f(e, "trap_name"));
        assertEquals(256L, ((Map<?, ?>) f(e, "varbinds")).get("1.3.6.1.2.1.1.3.0"));
        assertEquals(2L, ((Map<?, ?>) f(e, "named")).get("ifIndex.2"));
        assertEquals("eth1", ((Map<?, ?>) f(e, "named")).get("ifDescr.2"));
        assertEquals(
                "00:1b:21:aa:01:02", ((Map<?, ?>) f(e, "varbinds")).get("1.3.6.1.4.1.9.9.1"), "binary octets as hex");
        assertEquals(
                new BigInteger("18446744073709551615"),
                ((Map<?, ?>) f(e, "varbinds")).get("1.3.6.1.4.1.9.9.2"),
                "Counter64, unsigned");
        assertEquals("warning", e.getSeverity());
        assertTrue(e.getMessage().startsWith("linkDown ifIndex.2=2 ifDescr.2=eth1 ifOperStatus.2=2"), e.getMessage());
    }

    @Test
    void v1EnterpriseSpecificAndGenericTraps() {
        byte[] pdu = Ber.tlv(
                0xa4,
                Ber.concat(
                        oid("1.3.6.1.4.1.8072.2.3"),
                        Ber.tlv(Ber.IP_ADDRESS, new byte[] {(byte) 192, 0, 2, 77}),
                        Ber.integerValue(6),
                        Ber.integerValue(17),
                        Ber.tlv(Ber.TIMETICKS, new byte[] {0x10}),
                        Ber.tlv(Ber.SEQUENCE, vb("1.3.6.1.2.1.1.5.0", str("edge-1")))));
        LogEvent e = SnmpTrapDecoder.decode(
                        Ber.tlv(Ber.SEQUENCE, Ber.concat(Ber.integerValue(0), str("ops"), pdu)), "192.0.2.9", CTX)
                .event();
        assertEquals("192.0.2.77", e.getHost());
        assertEquals("1", f(e, "version"));
        assertEquals("1.3.6.1.4.1.8072.2.3", f(e, "enterprise"));
        assertEquals(6L, f(e, "generic_trap"));
        assertEquals(17L, f(e, "specific_trap"));
        assertEquals("1.3.6.1.4.1.8072.2.3.0.17", f(e, "trap_oid"), "RFC 3584");
        byte[] cold = Ber.tlv(
                0xa4,
                Ber.concat(
                        oid("1.3.6.1.4.1.8072"),
                        Ber.tlv(Ber.IP_ADDRESS, new byte[] {0, 0, 0, 0}),
                        Ber.integerValue(0),
                        Ber.integerValue(0),
                        Ber.tlv(Ber.TIMETICKS, new byte[] {0}),
                        Ber.tlv(Ber.SEQUENCE, new byte[0])));
        LogEvent c = SnmpTrapDecoder.decode(
                        Ber.tlv(Ber.SEQUENCE, Ber.concat(Ber.integerValue(0), str("ops"), cold)), "192.0.2.9", CTX)
                .event();
        assertEquals("coldStart", f(c, "trap_name"));
        assertEquals("192.0.2.9", c.getHost(), "agent address 0.0.0.0: the sender");
    }

    @Test
    void anInformGetsAResponseWithItsRequestIdAndVariables() {
        byte[] vars = Ber.concat(
                vb("1.3.6.1.2.1.1.3.0", Ber.tlv(Ber.TIMETICKS, new byte[] {1})),
                vb("1.3.6.1.6.3.1.1.4.1.0", oid("1.3.6.1.6.3.1.1.5.1")));
        SnmpTrapDecoder.Result r = SnmpTrapDecoder.decode(v2(0xa6, "public", vars), "192.0.2.9", CTX);
        assertEquals(Boolean.TRUE, f(r.event(), "inform"));
        byte[] expected = Ber.tlv(
                Ber.SEQUENCE,
                Ber.concat(
                        Ber.integerValue(1),
                        str("public"),
                        Ber.tlv(
                                0xa2,
                                Ber.concat(
                                        Ber.integerValue(1234),
                                        Ber.integerValue(0),
                                        Ber.integerValue(0),
                                        Ber.tlv(Ber.SEQUENCE, vars)))));
        assertArrayEquals(expected, r.response());
    }

    @Test
    void badInputIsARawEventNamingWhy() {
        for (byte[] bad : new byte[][] {
            {},
            {0x30, 0x05, 0x02, 0x01, 0x03, 0x04, 0x00},
            {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            v2(0xa0, "public")
        }) {
            LogEvent e = SnmpTrapDecoder.decode(bad, "192.0.2.9", CTX).event();
            assertEquals("raw", e.getFormat());
            assertTrue(e.getParseError().startsWith("snmptrap: "), e.getParseError());
        }
        assertTrue(SnmpTrapDecoder.decode(new byte[] {0x30, 0x03, 0x02, 0x01, 0x03}, "x", CTX)
                .event()
                .getParseError()
                .contains("SNMPv3 is not supported"));
        Random rnd = new Random(5);
        byte[] good = v2(0xa7, "public", vb("1.3.6.1.6.3.1.1.4.1.0", oid("1.3.6.1.6.3.1.1.5.4")));
        for (int i = 0; i < 20_000; i++) { // flipped bytes in a real trap: never an exception
            byte[] p = good.clone();
            for (int k = 0; k < 3; k++) p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
            SnmpTrapDecoder.decode(p, "x", CTX);
        }
    }
}
