package io.milvusdm.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A job's identity for its ledger: a hash of the job file's bytes and of the target, so that a ledger is never
 * applied to a changed job or to another target.
 */
public final class JobIdentity {

    private JobIdentity() {
    }

    public static String of(Path jobFile, String... target) throws IOException {
        MessageDigest digest = sha256();
        if (jobFile != null) {
            digest.update(Files.readAllBytes(jobFile));
        }
        for (String part : target) {
            digest.update((byte) 0);
            digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    /** The ledger of a job file: beside it, named after it. */
    public static Path ledgerPath(Path jobFile) {
        return jobFile.resolveSibling(jobFile.getFileName() + ".ledger");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
