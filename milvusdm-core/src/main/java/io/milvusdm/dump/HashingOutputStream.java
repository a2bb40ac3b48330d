package io.milvusdm.dump;

import io.milvusdm.storage.AbortableOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256-hashes what passes into an object being written; aborts it when the object can be. */
final class HashingOutputStream extends AbortableOutputStream {

    private final OutputStream out;
    private final MessageDigest digest;
    private long bytes;

    HashingOutputStream(OutputStream out) {
        this.out = out;
        this.digest = sha256();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public void abort() throws IOException {
        if (out instanceof AbortableOutputStream abortable) {
            abortable.abort();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        bytes += len;
    }

    long bytes() {
        return bytes;
    }

    /** The hash of everything written; call once, after the last write. */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
