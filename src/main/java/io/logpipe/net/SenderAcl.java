package io.logpipe.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which senders a listener accepts, like rsyslog's {@code $AllowedSender}: addresses, CIDR
 * blocks (IPv4 and IPv6) and host-name patterns ({@code *.example.com}, {@code logger1.example.com}).
 * Names are checked against the sender's reverse-DNS name, looked up once per address and cached
 * for ten minutes; addresses and blocks need no lookup. An empty list allows everyone.
 */
public final class SenderAcl {
    private static final long NAME_TTL_NANOS = 600_000_000_000L;

    private record Block(byte[] network, int bits) {}

    private record CachedName(String name, long expires) {}

    private final List<Block> blocks = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, CachedName> reverse = new ConcurrentHashMap<>();

    private SenderAcl() {}

    public static final SenderAcl ALLOW_ALL = new SenderAcl();

    /** @param spec comma-separated: {@code 192.168.2.0/24, 10.0.0.1, 2001:db8::/32, *.mycompany.com} */
    public static SenderAcl parse(String spec) {
        SenderAcl acl = new SenderAcl();
        if (spec == null || spec.isBlank()) return acl;
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            if (looksLikeAddress(item)) {
                String[] parts = item.split("/", 2);
                byte[] net = literal(parts[0], item);
                int bits = parts.length == 2 ? bits(parts[1], net.length * 8, item) : net.length * 8;
                acl.blocks.add(new Block(net, bits));
            } else if (item.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                acl.names.add(item.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("allowedSenders: '" + item
                        + "' is not an address, a CIDR block or a host-name pattern like *.example.com");
            }
        }
        return acl;
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("[0-9.]+(/\\d+)?") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+(/\\d+)?"));
    }

    private static byte[] literal(String text, String item) {
        try {
            // a literal is parsed, never looked up: getByName does no DNS for numeric input
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("allowedSenders: '" + item + "' is not a valid address");
        }
    }

    private static int bits(String text, int max, String item) {
        int n = Integer.parseInt(text);
        if (n < 0 || n > max)
            throw new IllegalArgumentException("allowedSenders: prefix length in '" + item + "' must be 0-" + max);
        return n;
    }

    public boolean allowsAll() {
        return blocks.isEmpty() && names.isEmpty();
    }

    public boolean allows(InetAddress sender) {
        if (allowsAll()) return true;
        byte[] a = sender.getAddress();
        for (Block b : blocks) if (inBlock(a, b)) return true;
        if (names.isEmpty()) return false;
        String name = nameOf(sender);
        for (String pattern : names) {
            if (pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) : name.equals(pattern)) return true;
        }
        return false;
    }

    private static boolean inBlock(byte[] a, Block b) {
        if (a.length != b.network().length) return false;
        int full = b.bits() / 8;
        for (int i = 0; i < full; i++) if (a[i] != b.network()[i]) return false;
        int rest = b.bits() % 8;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (b.network()[full] & mask);
    }

    private String nameOf(InetAddress sender) {
        String ip = sender.getHostAddress();
        CachedName cached = reverse.get(ip);
        long now = System.nanoTime();
        if (cached != null && cached.expires() - now > 0) return cached.name();
        String name = sender.getCanonicalHostName().toLowerCase(Locale.ROOT);
        if (reverse.size() > 10_000) reverse.clear();
        reverse.put(ip, new CachedName(name, now + NAME_TTL_NANOS));
        return name;
    }
}
