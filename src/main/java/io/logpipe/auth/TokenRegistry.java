package io.logpipe.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every token logpipe accepts: those from settings ({@code logpipe.auth.token.NAME=ROLES:SECRET}) and
 * those stored hashed in {@code <data>/auth/tokens} (one per line: name, roles, SHA-256 hex, created;
 * tab-separated, mode 0600). The stored file is shared with {@code token create} run beside a live
 * logpipe: edits take a file lock, and the running registry re-reads the file when it changed (looked
 * at no more than once a second).
 */
public final class TokenRegistry {
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Map<String, Token> fromSettings;
    private final Path dataDir;
    private final Path file;
    private final Clock clock;
    private volatile Map<String, Token> stored = Map.of();
    private volatile Object storedVersion;
    private volatile long lastCheck = Long.MIN_VALUE;

    /** {@code settings}: token name to setting value (ROLES:SECRET); a bad one throws naming the setting, never the secret. */
    public TokenRegistry(Map<String, String> settings, Path dataDir, Clock clock) {
        Map<String, Token> tokens = new LinkedHashMap<>();
        settings.forEach((name, value) -> tokens.put(name, fromSetting(name, value)));
        this.fromSettings = Map.copyOf(tokens);
        this.dataDir = dataDir;
        this.file = dataDir.resolve("auth").resolve("tokens");
        this.clock = clock;
        refresh(true);
    }

    /** Parses one setting; the error names the setting and what is wrong, never the secret. */
    public static Token fromSetting(String name, String value) {
        String setting = "logpipe.auth.token." + name;
        if (!name.matches(Token.NAME_PATTERN))
            throw new IllegalArgumentException(setting + ": a token name is 1-64 letters, digits, '.', '_' or '-'");
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0)
            throw new IllegalArgumentException(
                    setting + " must be ROLES:SECRET, e.g. read:<secret of " + Secrets.MIN_LENGTH + "+ characters>");
        String secret = value.substring(colon + 1).strip();
        if (secret.length() < Secrets.MIN_LENGTH) {
            throw new IllegalArgumentException(setting + ": the secret (after the last ':') must have at least "
                    + Secrets.MIN_LENGTH + " characters, it has " + secret.length());
        }
        Roles roles;
        try {
            roles = Roles.parse(value.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage());
        }
        return new Token(name, roles, Secrets.hash(secret), "setting", null);
    }

    /** The token whose secret this is; every token is compared, each in constant time. */
    public Optional<Token> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) return Optional.empty();
        refresh(false);
        byte[] hash = Secrets.hash(secret);
        Token found = null;
        for (Token t : fromSettings.values()) if (Secrets.matches(hash, t.hash())) found = t;
        for (Token t : stored.values()) if (Secrets.matches(hash, t.hash())) found = t;
        return Optional.ofNullable(found);
    }

    /** The token of this name, if it (still) exists. */
    public Optional<Token> named(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public List<Token> list() {
        refresh(false);
        List<Token> all = new ArrayList<>(fromSettings.values());
        stored.values().stream()
                .filter(t -> !fromSettings.containsKey(t.name()))
                .forEach(all::add);
        return all;
    }

    public boolean isEmpty() {
        return list().isEmpty();
    }

    /** Creates a stored token and returns its secret (the only time it is seen). */
    public String create(String name, Roles roles) {
        if (!name.matches(Token.NAME_PATTERN))
            throw new IllegalArgumentException(
                    "a token name is 1-64 letters, digits, '.', '_' or '-', not '" + name + "'");
        if (fromSettings.containsKey(name))
            throw new IllegalArgumentException(
                    "token '" + name + "' is set by logpipe.auth.token." + name + "; choose another name");
        String secret = Secrets.generate();
        edit(tokens -> {
            if (tokens.containsKey(name))
                throw new IllegalArgumentException("token '" + name + "' exists; delete it first to replace it");
            tokens.put(name, new Token(name, roles, Secrets.hash(secret), "stored", clock.instant()));
        });
        return secret;
    }

    /** Deletes a stored token; false when there is none of that name. Setting tokens go with their setting. */
    public boolean delete(String name) {
        if (fromSettings.containsKey(name))
            throw new IllegalArgumentException("token '" + name + "' comes from the setting logpipe.auth.token." + name
                    + "; remove the setting instead");
        boolean[] removed = {false};
        edit(tokens -> removed[0] = tokens.remove(name) != null);
        return removed[0];
    }

    /**
     * First start with no token at all: an admin token named {@code admin}, its secret written to
     * {@code <data>/admin-token} (mode 0600). Returns that file, or empty when tokens exist.
     */
    public Optional<Path> createFirstAdminToken() {
        if (!isEmpty()) return Optional.empty();
        String secret = create("admin", Roles.parse("admin"));
        Path target = dataDir.resolve(ADMIN_TOKEN_FILE);
        writeOwnerOnly(target, secret + "\n");
        return Optional.of(target);
    }

    private interface Edit {
        void apply(Map<String, Token> tokens);
    }

    private void edit(Edit edit) {
        try {
            createOwnerOnlyDir(file.getParent());
            try (FileChannel lockFile = FileChannel.open(
                            file.resolveSibling("tokens.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Map<String, Token> tokens = new LinkedHashMap<>(read());
                edit.apply(tokens);
                StringBuilder sb = new StringBuilder(
                        "# logpipe API tokens: name, roles, SHA-256 of the secret, created. Managed by 'token create|delete'.\n");
                for (Token t : tokens.values()) {
                    sb.append(t.name())
                            .append('\t')
                            .append(t.roles())
                            .append('\t')
                            .append(Secrets.hex(t.hash()))
                            .append('\t')
                            .append(t.created() == null ? "-" : t.created().toString())
                            .append('\n');
                }
                writeOwnerOnly(file, sb.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        refresh(true);
    }

    private void refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCheck < 1_000_000_000L && lastCheck != Long.MIN_VALUE) return;
        lastCheck = now;
        try {
            // each write moves a new file in, so its inode tells a change even within one mtime tick
            Object version = null;
            if (Files.exists(file)) {
                var attrs = Files.readAttributes(file, BasicFileAttributes.class);
                version = List.of(attrs.lastModifiedTime(), String.valueOf(attrs.fileKey()), attrs.size());
            }
            if (!force && Objects.equals(version, storedVersion)) return;
            stored = read();
            storedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Token> read() throws IOException {
        if (!Files.exists(file)) return Map.of();
        Map<String, Token> tokens = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            try {
                if (f.length != 4)
                    throw new IllegalArgumentException("expected 4 tab-separated fields, found " + f.length);
                Instant created = f[3].equals("-") ? null : Instant.parse(f[3]);
                tokens.put(f[0], new Token(f[0], Roles.parse(f[1]), Secrets.unhex(f[2]), "stored", created));
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return tokens;
    }

    /** Written beside the target and moved over it, so a reader never sees half a file, with mode 0600 from the start. */
    static void writeOwnerOnly(Path target, String text) {
        try {
            createOwnerOnlyDir(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void createOwnerOnlyDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }
}
