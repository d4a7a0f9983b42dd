package io.logpipe.codec.snmp;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SNMP traps, v1 (Trap-PDU) and v2c (SNMPv2-Trap and InformRequest, whose Response it builds), into
 * one event: {@code host} = the agent (v1's agent-addr, v2c's snmpTrapAddress.0, else the sender),
 * {@code fields.snmp} = {version, community, enterprise, generic_trap, specific_trap, trap_oid, trap_name,
 * varbinds: {oid: value}, named: {name.instance: value}} with the standard OIDs named (sysUpTime,
 * snmpTrapOID, ifIndex, ifDescr, ifAdminStatus, ifOperStatus, linkDown, linkUp, coldStart ...). A v1
 * trap's OID follows RFC 3584 (generic 0–5 → snmpTraps.N+1, 6 → enterprise.0.specific). SNMPv3 is
 * refused (raw event): its USM security is not implemented.
 */
public final class SnmpTrapDecoder {
    /** The event, and the datagram to send back (an Inform's Response), or null. */
    public record Result(LogEvent event, byte[] response) {}

    private static final int TRAP_V1 = 0xa4, INFORM = 0xa6, TRAP_V2 = 0xa7, RESPONSE = 0xa2;
    private static final String SNMP_TRAPS = "1.3.6.1.6.3.1.1.5.";
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("1.3.6.1.2.1.1.1", "sysDescr"),
            Map.entry("1.3.6.1.2.1.1.2", "sysObjectID"),
            Map.entry("1.3.6.1.2.1.1.3", "sysUpTime"),
            Map.entry("1.3.6.1.2.1.1.4", "sysContact"),
            Map.entry("1.3.6.1.2.1.1.5", "sysName"),
            Map.entry("1.3.6.1.2.1.1.6", "sysLocation"),
            Map.entry("1.3.6.1.2.1.2.2.1.1", "ifIndex"),
            Map.entry("1.3.6.1.2.1.2.2.1.2", "ifDescr"),
            Map.entry("1.3.6.1.2.1.2.2.1.3", "ifType"),
            Map.entry("1.3.6.1.2.1.2.2.1.7", "ifAdminStatus"),
            Map.entry("1.3.6.1.2.1.2.2.1.8", "ifOperStatus"),
            Map.entry("1.3.6.1.2.1.31.1.1.1.1", "ifName"),
            Map.entry("1.3.6.1.2.1.31.1.1.1.18", "ifAlias"),
            Map.entry("1.3.6.1.6.3.1.1.4.1", "snmpTrapOID"),
            Map.entry("1.3.6.1.6.3.1.1.4.3", "snmpTrapEnterprise"),
            Map.entry("1.3.6.1.6.3.18.1.3", "snmpTrapAddress"),
            Map.entry("1.3.6.1.6.3.18.1.4", "snmpTrapCommunity"));
    private static final Map<String, String> TRAPS = Map.of(
            SNMP_TRAPS + "1",
            "coldStart",
            SNMP_TRAPS + "2",
            "warmStart",
            SNMP_TRAPS + "3",
            "linkDown",
            SNMP_TRAPS + "4",
            "linkUp",
            SNMP_TRAPS + "5",
            "authenticationFailure",
            SNMP_TRAPS + "6",
            "egpNeighborLoss");

    private SnmpTrapDecoder() {}

    public static Result decode(byte[] d, String sender, DecodeContext ctx) {
        try {
            return parse(d, sender, ctx);
        } catch (RuntimeException e) {
            LogEvent raw = LogEvent.raw(
                    hex(d, 96),
                    "snmptrap: "
                            + (e instanceof IllegalArgumentException
                                    ? e.getMessage()
                                    : "cannot read the datagram (" + e + ")"),
                    ctx.receivedAt(),
                    ctx.source());
            raw.setHost(sender);
            return new Result(raw, null);
        }
    }

    private static Result parse(byte[] d, String sender, DecodeContext ctx) {
        Ber.Reader message = new Ber.Reader(d, 0, d.length)
                .next(Ber.SEQUENCE, "an SNMP message")
                .contents();
        long version = Ber.integer(message.next(Ber.INTEGER, "the version"));
        if (version == 3)
            throw new IllegalArgumentException(
                    "SNMPv3 is not supported (its USM authentication and privacy are not implemented); send v1 or v2c");
        if (version != 0 && version != 1)
            throw new IllegalArgumentException("SNMP version " + version + " (0 = v1, 1 = v2c)");
        Ber.Tlv communityTlv = message.next(Ber.OCTET_STRING, "the community");
        String community = new String(d, communityTlv.start(), communityTlv.length(), StandardCharsets.UTF_8);
        Ber.Tlv pdu = message.next();
        Map<String, Object> snmp = new LinkedHashMap<>();
        snmp.put("version", version == 0 ? "1" : "2c");
        snmp.put("community", community);
        String host = sender;
        Ber.Tlv varbindsTlv;
        long requestId = 0;
        if (pdu.tag() == TRAP_V1 && version == 0) {
            Ber.Reader r = pdu.contents();
            String enterprise = Ber.oid(r.next(Ber.OID, "the enterprise"));
            Ber.Tlv addr = r.next(Ber.IP_ADDRESS, "the agent address");
            long generic = Ber.integer(r.next(Ber.INTEGER, "generic-trap"));
            long specific = Ber.integer(r.next(Ber.INTEGER, "specific-trap"));
            long ticks = Ber.unsigned(r.next(Ber.TIMETICKS, "the time stamp"));
            varbindsTlv = r.next(Ber.SEQUENCE, "the variable bindings");
            String agent = ipAddress(addr);
            if (agent != null && !agent.equals("0.0.0.0")) host = agent;
            snmp.put("enterprise", enterprise);
            snmp.put("agent_addr", agent);
            snmp.put("generic_trap", generic);
            snmp.put("specific_trap", specific);
            snmp.put("uptime_ticks", ticks);
            snmp.put(
                    "trap_oid",
                    generic >= 0 && generic <= 5 ? SNMP_TRAPS + (generic + 1) : enterprise + ".0." + specific);
        } else if ((pdu.tag() == TRAP_V2 || pdu.tag() == INFORM) && version == 1) {
            Ber.Reader r = pdu.contents();
            requestId = Ber.integer(r.next(Ber.INTEGER, "the request id"));
            r.next(Ber.INTEGER, "the error status");
            r.next(Ber.INTEGER, "the error index");
            varbindsTlv = r.next(Ber.SEQUENCE, "the variable bindings");
            if (pdu.tag() == INFORM) snmp.put("inform", true);
        } else {
            throw new IllegalArgumentException("not a trap: PDU tag 0x" + Integer.toHexString(pdu.tag()) + " in SNMP "
                    + (version == 0 ? "v1" : "v2c"));
        }
        Map<String, Object> varbinds = new LinkedHashMap<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (Ber.Reader vbs = varbindsTlv.contents(); vbs.more(); ) {
            Ber.Reader vb = vbs.next(Ber.SEQUENCE, "a variable binding").contents();
            String oid = Ber.oid(vb.next(Ber.OID, "a variable's OID"));
            Object value = value(vb.next());
            varbinds.put(oid, value);
            String name = name(oid);
            if (name != null) named.put(name, value);
        }
        if (version == 1) {
            Object trapOid = varbinds.get("1.3.6.1.6.3.1.1.4.1.0");
            if (trapOid == null)
                throw new IllegalArgumentException("a v2c trap needs snmpTrapOID.0 as its second variable");
            snmp.put("trap_oid", trapOid);
            Object enterprise = varbinds.get("1.3.6.1.6.3.1.1.4.3.0");
            if (enterprise != null) snmp.put("enterprise", enterprise);
            if (varbinds.get("1.3.6.1.6.3.18.1.3.0") instanceof String address) host = address;
        }
        String trapName = TRAPS.get(String.valueOf(snmp.get("trap_oid")));
        if (trapName != null) snmp.put("trap_name", trapName);
        snmp.put("varbinds", varbinds);
        if (!named.isEmpty()) snmp.put("named", named);
        LogEvent e = new LogEvent();
        e.setFormat("snmptrap");
        e.setReceivedAt(ctx.receivedAt());
        e.setTimestamp(ctx.receivedAt());
        e.setSource(ctx.source());
        e.setHost(host);
        e.setApp("snmptrap");
        e.setFacilityCode(16);
        e.setSeverityCode(severity(trapName));
        e.setMessage(summary(trapName != null ? trapName : String.valueOf(snmp.get("trap_oid")), varbinds, named));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("snmp", snmp);
        e.setFields(fields);
        byte[] response = pdu.tag() == INFORM ? response(version, communityTlv, requestId, varbindsTlv) : null;
        return new Result(e, response);
    }

    /** The Response to an InformRequest: same request id and variables, no error. */
    private static byte[] response(long version, Ber.Tlv community, long requestId, Ber.Tlv varbinds) {
        byte[] vbs = Ber.tlv(Ber.SEQUENCE, Arrays.copyOfRange(varbinds.buf(), varbinds.start(), varbinds.end()));
        byte[] pdu = Ber.tlv(
                RESPONSE, Ber.concat(Ber.integerValue(requestId), Ber.integerValue(0), Ber.integerValue(0), vbs));
        byte[] comm =
                Ber.tlv(Ber.OCTET_STRING, Arrays.copyOfRange(community.buf(), community.start(), community.end()));
        return Ber.tlv(Ber.SEQUENCE, Ber.concat(Ber.integerValue(version), comm, pdu));
    }

    /** Standard names: the longest known prefix, then the instance ({@code ifIndex.3}). */
    static String name(String oid) {
        for (String prefix = oid; prefix.indexOf('.') > 0; prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
            String n = NAMES.get(prefix);
            if (n != null) return n + oid.substring(prefix.length());
        }
        return null;
    }

    private static Object value(Ber.Tlv t) {
        return switch (t.tag()) {
            case Ber.INTEGER -> Ber.integer(t);
            case Ber.OCTET_STRING, Ber.OPAQUE -> text(t);
            case Ber.NULL -> null;
            case Ber.OID -> Ber.oid(t);
            case Ber.IP_ADDRESS -> ipAddress(t);
            case Ber.COUNTER32, Ber.GAUGE32, Ber.TIMETICKS -> Ber.unsigned(t);
            case Ber.COUNTER64 -> {
                long v = Ber.unsigned(t);
                yield v < 0 ? new BigInteger(Long.toUnsignedString(v)) : (Object) v;
            }
            case Ber.NO_SUCH_OBJECT -> "noSuchObject";
            case Ber.NO_SUCH_INSTANCE -> "noSuchInstance";
            case Ber.END_OF_MIB_VIEW -> "endOfMibView";
            default -> hex(Arrays.copyOfRange(t.buf(), t.start(), t.end()), 1024);
        };
    }

    /** Printable UTF-8 as text; anything else (a MAC address, binary) as colon-separated hex. */
    private static String text(Ber.Tlv t) {
        byte[] b = Arrays.copyOfRange(t.buf(), t.start(), t.end());
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
            boolean printable = s.chars().allMatch(c -> c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
            if (printable) return s;
        } catch (CharacterCodingException notText) {
            // hex below
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) sb.append(i == 0 ? "" : ":").append(String.format("%02x", b[i] & 0xff));
        return sb.toString();
    }

    private static String ipAddress(Ber.Tlv t) {
        if (t.length() != 4) return null;
        byte[] b = t.buf();
        int s = t.start();
        return (b[s] & 0xff) + "." + (b[s + 1] & 0xff) + "." + (b[s + 2] & 0xff) + "." + (b[s + 3] & 0xff);
    }

    private static int severity(String trap) {
        if (trap == null) return 6;
        return switch (trap) {
            case "linkDown", "authenticationFailure", "egpNeighborLoss" -> 4;
            case "coldStart", "warmStart", "linkUp" -> 5;
            default -> 6;
        };
    }

    private static String summary(String trap, Map<String, Object> varbinds, Map<String, Object> named) {
        StringBuilder sb = new StringBuilder(trap);
        for (Map.Entry<String, Object> v : varbinds.entrySet()) {
            String n = name(v.getKey());
            if (n != null && (n.startsWith("sysUpTime") || n.startsWith("snmpTrapOID"))) continue;
            String value = String.valueOf(v.getValue());
            sb.append(' ')
                    .append(n != null ? n : v.getKey())
                    .append('=')
                    .append(value.length() > 100 ? value.substring(0, 100) + "..." : value);
            if (sb.length() > 1000) break;
        }
        return sb.toString();
    }

    private static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) sb.append(String.format("%02x", b[i] & 0xff));
        return b.length > max ? sb + "..." : sb.toString();
    }
}
