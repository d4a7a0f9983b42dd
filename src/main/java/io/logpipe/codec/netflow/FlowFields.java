package io.logpipe.codec.netflow;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Information elements of NetFlow v9 and IPFIX (IANA "IPFIX Information Elements"): the id's name in
 * snake_case, and how a value of it is read. The contract's short names (src_addr, bytes, ...) stand in
 * for the IANA names of the fields every flow has; any other field keeps its IANA name, an unknown one
 * {@code field_<id>}, an enterprise one {@code e<enterprise>_<id>}.
 */
final class FlowFields {
    enum Kind {
        NUMBER,
        ADDRESS,
        MAC,
        TEXT,
        BYTES
    }

    record Element(String name, Kind kind) {}

    private static final Map<Integer, Element> BY_ID = Map.ofEntries(
            e(1, "bytes", Kind.NUMBER),
            e(2, "packets", Kind.NUMBER),
            e(3, "delta_flow_count", Kind.NUMBER),
            e(4, "protocol", Kind.NUMBER),
            e(5, "tos", Kind.NUMBER),
            e(6, "tcp_flags", Kind.NUMBER),
            e(7, "src_port", Kind.NUMBER),
            e(8, "src_addr", Kind.ADDRESS),
            e(9, "src_mask", Kind.NUMBER),
            e(10, "input_if", Kind.NUMBER),
            e(11, "dst_port", Kind.NUMBER),
            e(12, "dst_addr", Kind.ADDRESS),
            e(13, "dst_mask", Kind.NUMBER),
            e(14, "output_if", Kind.NUMBER),
            e(15, "ip_next_hop_ipv4_address", Kind.ADDRESS),
            e(16, "src_as", Kind.NUMBER),
            e(17, "dst_as", Kind.NUMBER),
            e(18, "bgp_next_hop_ipv4_address", Kind.ADDRESS),
            e(19, "post_mcast_packet_delta_count", Kind.NUMBER),
            e(20, "post_mcast_octet_delta_count", Kind.NUMBER),
            e(21, "flow_end_sys_up_time", Kind.NUMBER),
            e(22, "flow_start_sys_up_time", Kind.NUMBER),
            e(23, "post_octet_delta_count", Kind.NUMBER),
            e(24, "post_packet_delta_count", Kind.NUMBER),
            e(25, "minimum_ip_total_length", Kind.NUMBER),
            e(26, "maximum_ip_total_length", Kind.NUMBER),
            e(27, "src_addr", Kind.ADDRESS),
            e(28, "dst_addr", Kind.ADDRESS),
            e(29, "src_mask", Kind.NUMBER),
            e(30, "dst_mask", Kind.NUMBER),
            e(31, "flow_label_ipv6", Kind.NUMBER),
            e(32, "icmp_type_code_ipv4", Kind.NUMBER),
            e(33, "igmp_type", Kind.NUMBER),
            e(34, "sampling_interval", Kind.NUMBER),
            e(35, "sampling_algorithm", Kind.NUMBER),
            e(36, "flow_active_timeout", Kind.NUMBER),
            e(37, "flow_idle_timeout", Kind.NUMBER),
            e(38, "engine_type", Kind.NUMBER),
            e(39, "engine_id", Kind.NUMBER),
            e(40, "exported_octet_total_count", Kind.NUMBER),
            e(41, "exported_message_total_count", Kind.NUMBER),
            e(42, "exported_flow_record_total_count", Kind.NUMBER),
            e(44, "source_ipv4_prefix", Kind.ADDRESS),
            e(45, "destination_ipv4_prefix", Kind.ADDRESS),
            e(46, "mpls_top_label_type", Kind.NUMBER),
            e(47, "mpls_top_label_ipv4_address", Kind.ADDRESS),
            e(52, "minimum_ttl", Kind.NUMBER),
            e(53, "maximum_ttl", Kind.NUMBER),
            e(54, "fragment_identification", Kind.NUMBER),
            e(55, "post_ip_class_of_service", Kind.NUMBER),
            e(56, "source_mac_address", Kind.MAC),
            e(57, "post_destination_mac_address", Kind.MAC),
            e(58, "vlan_id", Kind.NUMBER),
            e(59, "post_vlan_id", Kind.NUMBER),
            e(60, "ip_version", Kind.NUMBER),
            e(61, "flow_direction", Kind.NUMBER),
            e(62, "ip_next_hop_ipv6_address", Kind.ADDRESS),
            e(63, "bgp_next_hop_ipv6_address", Kind.ADDRESS),
            e(64, "ipv6_extension_headers", Kind.NUMBER),
            e(70, "mpls_top_label_stack_section", Kind.BYTES),
            e(80, "destination_mac_address", Kind.MAC),
            e(81, "post_source_mac_address", Kind.MAC),
            e(82, "interface_name", Kind.TEXT),
            e(83, "interface_description", Kind.TEXT),
            e(85, "octet_total_count", Kind.NUMBER),
            e(86, "packet_total_count", Kind.NUMBER),
            e(88, "fragment_offset", Kind.NUMBER),
            e(89, "forwarding_status", Kind.NUMBER),
            e(90, "mpls_vpn_route_distinguisher", Kind.BYTES),
            e(94, "application_description", Kind.TEXT),
            e(95, "application_id", Kind.BYTES),
            e(96, "application_name", Kind.TEXT),
            e(128, "bgp_next_adjacent_as_number", Kind.NUMBER),
            e(129, "bgp_prev_adjacent_as_number", Kind.NUMBER),
            e(130, "exporter_ipv4_address", Kind.ADDRESS),
            e(131, "exporter_ipv6_address", Kind.ADDRESS),
            e(136, "flow_end_reason", Kind.NUMBER),
            e(137, "common_properties_id", Kind.NUMBER),
            e(138, "observation_point_id", Kind.NUMBER),
            e(139, "icmp_type_code_ipv6", Kind.NUMBER),
            e(144, "exporting_process_id", Kind.NUMBER),
            e(148, "flow_id", Kind.NUMBER),
            e(149, "observation_domain_id", Kind.NUMBER),
            e(150, "flow_start_seconds", Kind.NUMBER),
            e(151, "flow_end_seconds", Kind.NUMBER),
            e(152, "flow_start_milliseconds", Kind.NUMBER),
            e(153, "flow_end_milliseconds", Kind.NUMBER),
            e(154, "flow_start_microseconds", Kind.NUMBER),
            e(155, "flow_end_microseconds", Kind.NUMBER),
            e(156, "flow_start_nanoseconds", Kind.NUMBER),
            e(157, "flow_end_nanoseconds", Kind.NUMBER),
            e(160, "system_init_time_milliseconds", Kind.NUMBER),
            e(161, "flow_duration_milliseconds", Kind.NUMBER),
            e(176, "icmp_type_ipv4", Kind.NUMBER),
            e(177, "icmp_code_ipv4", Kind.NUMBER),
            e(178, "icmp_type_ipv6", Kind.NUMBER),
            e(179, "icmp_code_ipv6", Kind.NUMBER),
            e(180, "udp_source_port", Kind.NUMBER),
            e(181, "udp_destination_port", Kind.NUMBER),
            e(182, "tcp_source_port", Kind.NUMBER),
            e(183, "tcp_destination_port", Kind.NUMBER),
            e(184, "tcp_sequence_number", Kind.NUMBER),
            e(185, "tcp_acknowledgement_number", Kind.NUMBER),
            e(186, "tcp_window_size", Kind.NUMBER),
            e(192, "ip_ttl", Kind.NUMBER),
            e(195, "ip_diff_serv_code_point", Kind.NUMBER),
            e(196, "ip_precedence", Kind.NUMBER),
            e(197, "fragment_flags", Kind.NUMBER),
            e(205, "udp_message_length", Kind.NUMBER),
            e(206, "is_multicast", Kind.NUMBER),
            e(210, "padding_octets", Kind.BYTES),
            e(224, "ip_total_length", Kind.NUMBER),
            e(225, "post_nat_source_ipv4_address", Kind.ADDRESS),
            e(226, "post_nat_destination_ipv4_address", Kind.ADDRESS),
            e(227, "post_napt_source_transport_port", Kind.NUMBER),
            e(228, "post_napt_destination_transport_port", Kind.NUMBER),
            e(230, "nat_event", Kind.NUMBER),
            e(233, "firewall_event", Kind.NUMBER),
            e(234, "ingress_vrfid", Kind.NUMBER),
            e(235, "egress_vrfid", Kind.NUMBER),
            e(239, "biflow_direction", Kind.NUMBER),
            e(281, "post_nat_source_ipv6_address", Kind.ADDRESS),
            e(282, "post_nat_destination_ipv6_address", Kind.ADDRESS),
            e(323, "observation_time_milliseconds", Kind.NUMBER));

    private FlowFields() {}

    private static Map.Entry<Integer, Element> e(int id, String name, Kind kind) {
        return Map.entry(id, new Element(name, kind));
    }

    static Element of(int id, long enterprise) {
        if (enterprise != 0) return new Element("e" + enterprise + "_" + id, Kind.BYTES);
        Element known = BY_ID.get(id);
        return known != null ? known : new Element("field_" + id, Kind.BYTES);
    }

    /** A field's value: numbers up to 8 bytes as numbers (unsigned), addresses and MACs as text, other bytes as hex. */
    static Object read(byte[] b, int off, int len, Kind kind) {
        switch (kind) {
            case NUMBER:
                if (len <= 8) return number(b, off, len);
                break;
            case ADDRESS:
                if (len == 4 || len == 16) {
                    try {
                        return InetAddress.getByAddress(Arrays.copyOfRange(b, off, off + len))
                                .getHostAddress();
                    } catch (UnknownHostException impossible) {
                        break;
                    }
                }
                break;
            case MAC:
                if (len == 6) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 6; i++)
                        sb.append(i == 0 ? "" : ":").append(String.format("%02x", b[off + i] & 0xff));
                    return sb.toString();
                }
                break;
            case TEXT:
                return new String(b, off, len, StandardCharsets.UTF_8)
                        .replace("\u0000", "")
                        .strip();
            default:
                break;
        }
        if (len <= 8 && kind == Kind.BYTES)
            return number(b, off, len); // an unknown field of number size: most are counters or ids
        StringBuilder hex = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) hex.append(String.format("%02x", b[off + i] & 0xff));
        return hex.toString();
    }

    static Object number(byte[] b, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) v = (v << 8) | (b[off + i] & 0xff);
        if (len == 8 && v < 0) return new BigInteger(Long.toUnsignedString(v));
        return v;
    }
}
