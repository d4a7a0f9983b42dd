package io.logpipe.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A libpcap capture file of Ethernet/IPv4 packets, for softflowd to read as if it had seen the traffic. */
final class Pcap {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pcap() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(65535)
                .putInt(1); // Ethernet
        out.writeBytes(h.array());
    }

    /** One TCP (proto 6) or UDP (17) packet at {@code epochSecond}, with {@code payload} bytes of data. */
    Pcap packet(long epochSecond, int[] src, int[] dst, int sport, int dport, int proto, int payload) {
        ByteBuffer l4 = ByteBuffer.allocate((proto == 6 ? 20 : 8) + payload);
        if (proto == 6)
            l4.putShort((short) sport)
                    .putShort((short) dport)
                    .putInt(1)
                    .putInt(0)
                    .put((byte) 0x50)
                    .put((byte) 0x18)
                    .putShort((short) 1024)
                    .putInt(0);
        else
            l4.putShort((short) sport)
                    .putShort((short) dport)
                    .putShort((short) (8 + payload))
                    .putShort((short) 0);
        ByteBuffer ip = ByteBuffer.allocate(20);
        ip.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + l4.capacity()))
                .putShort((short) 1)
                .putShort((short) 0)
                .put((byte) 64)
                .put((byte) proto)
                .putShort((short) 0);
        for (int x : src) ip.put((byte) x);
        for (int x : dst) ip.put((byte) x);
        byte[] iph = ip.array();
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((iph[i] & 0xff) << 8) | (iph[i + 1] & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        iph[10] = (byte) (~sum >> 8);
        iph[11] = (byte) ~sum;
        byte[] eth = {
            0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, 0x08, 0x00
        };
        int len = eth.length + iph.length + l4.capacity();
        ByteBuffer rec = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) epochSecond)
                .putInt(0)
                .putInt(len)
                .putInt(len);
        out.writeBytes(rec.array());
        out.writeBytes(eth);
        out.writeBytes(iph);
        out.writeBytes(l4.array());
        return this;
    }

    Path write(Path file) throws IOException {
        return Files.write(file, out.toByteArray());
    }
}
