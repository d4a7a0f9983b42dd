package io.logpipe.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: 256 random bits, shown once, kept as SHA-256. A fast hash is enough because the
 * secrets logpipe makes cannot be guessed; secrets from settings must be at least 16 characters.
 */
public final class Secrets {
    public static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "lp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant time for equal-length hashes, so the comparison leaks nothing about how much matched. */
    public static boolean matches(byte[] hash, byte[] expected) {
        return MessageDigest.isEqual(hash, expected);
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    public static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
