package io.milvusdm.dump;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Checks that a dump's files are the ones its manifest names: present, of the recorded size, and (when asked)
 * with the recorded SHA-256, read as a stream. A file cut short is reported with the offset where it ends.
 */
public final class DumpVerifier {

    private static final int BUFFER = 1 << 20;

    private DumpVerifier() {
    }

    public static void verify(DumpTarget dump, DumpManifest manifest, boolean checksums) throws IOException {
        for (DumpManifest.Chunk chunk : manifest.chunks()) {
            for (DumpManifest.FileEntry file : chunk.files()) {
                String key = dump.key(file.key());
                if (!dump.store().exists(key)) {
                    throw new DumpException("file " + file.key() + " of the dump in " + dump.describe()
                            + " is missing (the manifest names it, " + file.bytes() + " bytes)");
                }
                long size = dump.store().size(key);
                if (size != file.bytes()) {
                    throw new DumpException("file " + file.key() + " of the dump in " + dump.describe() + " has "
                            + size + " bytes, the manifest says " + file.bytes() + (size < file.bytes()
                            ? ": truncated at offset " + size + " (0x" + Long.toHexString(size) + ")" : ""));
                }
                if (checksums && file.sha256() != null) {
                    String actual = sha256(dump, key);
                    if (!actual.equals(file.sha256())) {
                        throw new DumpException("file " + file.key() + " of the dump in " + dump.describe()
                                + " has SHA-256 " + actual + ", the manifest says " + file.sha256()
                                + ": it changed after the dump");
                    }
                }
            }
        }
    }

    /** A file of the dump as it is now: its size and SHA-256, read whole. */
    static DumpManifest.FileEntry describe(DumpTarget dump, String name) throws IOException {
        String key = dump.key(name);
        return new DumpManifest.FileEntry(name, dump.store().size(key), sha256(dump, key));
    }

    private static String sha256(DumpTarget dump, String key) throws IOException {
        MessageDigest digest = HashingOutputStream.sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = dump.store().open(key)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
