package io.logpipe.component.logfile;

import io.logpipe.health.Problems;
import io.logpipe.health.StorageTrouble;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends lines to files under one base directory through per-file buffers. Files stay open
 * (least recently used closed past {@code maxOpenFiles}); buffers go to the OS when full, at the
 * end of each listener read and on a timer, so a line is on disk within a flush interval.
 * Thread-safe: listeners on several I/O threads may write to the same file. A file renamed or
 * deleted under the writer (log rotation) is noticed by {@link #closeMoved()} and opened anew.
 */
public final class FileSinkWriter implements Flushable {
    /** A path that would leave the base directory. */
    public static final class EscapeException extends IOException {
        EscapeException(String path) {
            super("path '" + path + "' leaves the data directory");
        }
    }

    private static final class OpenFile {
        final Path path;
        final FileChannel channel;
        final ByteBuffer buffer;
        /** the inode the channel writes to: a different one at {@link #path} means the file was renamed away */
        final Object fileKey;

        final SizeRotation rotation;
        /** bytes in the file plus those buffered for it, for size rotation */
        long size;

        OpenFile(Path path, FileChannel channel, int size, SizeRotation rotation) throws IOException {
            this.path = path;
            this.channel = channel;
            this.buffer = ByteBuffer.allocate(size);
            this.fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            this.rotation = rotation;
            this.size = rotation.enabled() ? channel.size() : 0;
        }

        /** True when the name no longer leads to the file being written (logrotate's rename, an rm). */
        boolean moved() {
            try {
                Object now =
                        Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return fileKey != null && !fileKey.equals(now);
            } catch (IOException gone) {
                return true;
            }
        }

        /** On failure (disk full) the bytes not written stay buffered for the next try. */
        void flush() throws IOException {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) channel.write(buffer);
            } finally {
                buffer.compact();
            }
        }
    }

    private final Path baseDir;
    private final String component;
    private boolean failing; // guarded by this
    private final int bufferSize;
    private final Map<String, OpenFile> open;

    public FileSinkWriter(Path baseDir, int bufferSize, int maxOpenFiles) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.component = "files " + this.baseDir;
        this.bufferSize = bufferSize;
        this.open = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OpenFile> eldest) {
                if (size() <= maxOpenFiles) return false;
                close(eldest.getValue());
                return true;
            }
        };
    }

    public Path baseDir() {
        return baseDir;
    }

    @Override
    public String toString() {
        return "files under " + baseDir;
    }

    /**
     * Appends {@code line} and a newline to {@code relativePath}. A line goes into the buffer
     * whole or not at all, so a write that fails (disk full) never leaves half a line to be
     * written later; the failure is reported to {@link Problems} and cleared by the next success.
     */
    public void append(String relativePath, CharSequence line) throws IOException {
        append(relativePath, line, SizeRotation.NONE);
    }

    /** As {@link #append(String, CharSequence)}; a file opened here is rotated by size as {@code rotation} says. */
    public synchronized void append(String relativePath, CharSequence line, SizeRotation rotation) throws IOException {
        try {
            OpenFile f = open.get(relativePath);
            if (f == null) f = openFile(relativePath, rotation);
            int start = f.buffer.position();
            long bytes;
            if (!encode(line, f) || !f.buffer.hasRemaining()) {
                f.buffer.position(start); // did not fit behind what is buffered: nothing of it stays
                bytes = writeDirectly(f, line);
            } else {
                f.buffer.put((byte) '\n');
                bytes = f.buffer.position() - start;
            }
            if (f.rotation.enabled() && (f.size += bytes) >= f.rotation.maxBytes()) rotate(relativePath, f);
            ok();
        } catch (EscapeException e) {
            throw e;
        } catch (IOException e) {
            failed(baseDir.resolve(relativePath), e);
            throw e;
        }
    }

    private void ok() {
        if (failing) {
            failing = false;
            Problems.clear(component);
        }
    }

    private void failed(Path path, IOException e) {
        failing = true;
        Problems.report(component, StorageTrouble.describe(path, e));
    }

    /** The file is full: its lines written, the file renamed away; the next line opens a new one. */
    private void rotate(String relativePath, OpenFile f) throws IOException {
        f.flush();
        f.channel.close();
        open.remove(relativePath);
        try {
            f.rotation.rotate(f.path);
        } catch (IOException e) { // the line is written; the file grows on and the next line tries again
            failed(f.path, e);
        }
    }

    private OpenFile openFile(String relativePath, SizeRotation rotation) throws IOException {
        Path p = baseDir.resolve(relativePath).normalize();
        if (!p.startsWith(baseDir) || p.equals(baseDir)) throw new EscapeException(relativePath);
        Files.createDirectories(p.getParent());
        FileChannel ch =
                FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        OpenFile f;
        try {
            f = new OpenFile(p, ch, bufferSize, rotation);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        open.put(relativePath, f);
        return f;
    }

    /** Flushes what was buffered, then writes a line that does not fit in the rest of the buffer in one go. */
    private static int writeDirectly(OpenFile f, CharSequence line) throws IOException {
        f.flush();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= f.buffer.remaining()) {
            f.buffer.put(bytes);
            return bytes.length;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining())
            f.channel.write(b); // a short write on a full disk leaves part of one line, never another's
        return bytes.length;
    }

    /** UTF-8 straight into the file's buffer: no intermediate byte[] per line. False when the rest of the buffer is too small. */
    private static boolean encode(CharSequence s, OpenFile f) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (f.buffer.remaining() < 4) return false;
            ByteBuffer b = f.buffer;
            if (c < 0x80) {
                b.put((byte) c);
            } else if (c < 0x800) {
                b.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b.put((byte) (0xF0 | cp >> 18))
                        .put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F))
                        .put((byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b.put((byte) '?'); // a lone surrogate cannot be encoded
            } else {
                b.put((byte) (0xE0 | c >> 12))
                        .put((byte) (0x80 | c >> 6 & 0x3F))
                        .put((byte) (0x80 | c & 0x3F));
            }
        }
        return true;
    }

    /** Hands every buffered line to the OS; a failure is reported to {@link Problems} (and thrown), what was not written stays buffered. */
    public synchronized void flush() throws IOException {
        IOException first = null;
        for (Map.Entry<String, OpenFile> en : open.entrySet()) {
            OpenFile f = en.getValue();
            if (f.buffer.position() == 0) continue;
            try {
                f.flush();
            } catch (IOException e) {
                if (first == null) first = e;
                failed(baseDir.resolve(en.getKey()), e);
            }
        }
        if (first != null) throw first;
        ok();
    }

    /**
     * Closes every file whose name now leads elsewhere or nowhere (renamed or deleted by logrotate or
     * a user), after writing its buffered lines to it; the next line opens a new file under the name.
     * Returns how many were closed. A file whose buffer cannot be written yet stays open for the next try.
     */
    public synchronized int closeMoved() {
        return closeWhere(true);
    }

    private int closeWhere(boolean onlyMoved) {
        int closed = 0;
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenFile f = it.next();
            if (onlyMoved && !f.moved()) continue;
            try {
                f.flush();
                f.channel.close();
            } catch (IOException e) {
                failed(f.path, e);
                continue;
            }
            it.remove();
            closed++;
        }
        return closed;
    }

    /** SIGHUP, as rsyslog does: every file is closed (buffers written first) and opened again by its next line. */
    public synchronized int closeAll() {
        return closeWhere(false);
    }

    public synchronized void close() {
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            close(it.next());
            it.remove();
        }
    }

    private static void close(OpenFile f) {
        try {
            f.flush();
            f.channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell the caller; the flush error was counted when it happened
        }
    }
}
