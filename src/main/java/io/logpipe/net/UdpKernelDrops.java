package io.logpipe.net;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's count of datagrams it discarded for one UDP socket because its receive buffer was
 * full: the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} (Linux). Those
 * datagrams never reach logpipe, so without this they would be lost without a word. The socket is
 * told apart from others on the same port by its inode, which must be one of this process's
 * file descriptors. Elsewhere (no /proc) it reports nothing.
 */
public final class UdpKernelDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private final long inode;
    private long seen;

    private UdpKernelDrops(long inode, long initial) {
        this.inode = inode;
        this.seen = initial;
    }

    /** For the socket bound to {@code port} by this process; null where the kernel does not tell. */
    static UdpKernelDrops forPort(int port) {
        List<UdpKernelDrops> all = allForPort(port);
        return all.isEmpty() ? null : all.get(0);
    }

    /** For every socket this process has bound to {@code port} (several with SO_REUSEPORT); empty where the kernel does not tell. */
    public static List<UdpKernelDrops> allForPort(int port) {
        List<UdpKernelDrops> found = new ArrayList<>();
        try {
            Set<Long> ours = ownSocketInodes();
            for (Path table : TABLES) {
                if (!Files.isReadable(table)) continue;
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 13 || !f[1].contains(":")) continue;
                    int localPort = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                    long inode = parse(f[9]);
                    if (localPort == port && ours.contains(inode))
                        found.add(new UdpKernelDrops(inode, parse(f[f.length - 1])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: nothing to report
        }
        return found;
    }

    /** Drops since the last call (0 when none or when the socket is gone). */
    public synchronized long newDrops() {
        long now = current();
        if (now < seen) return 0;
        long delta = now - seen;
        seen = now;
        return delta;
    }

    private long current() {
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 13 && f[1].contains(":") && parse(f[9]) == inode) return parse(f[f.length - 1]);
                }
            } catch (IOException | RuntimeException e) {
                // read again next time
            }
        }
        return seen;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Set<Long> ownSocketInodes() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:["))
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }
}
