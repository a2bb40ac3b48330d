package io.milvusdm.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A source file that is not what it claims to be: truncated, corrupt, or inconsistent with itself.
 * The message ends with {@code (file=..., offset=0x..)} so that a user can find the place.
 */
public class FormatException extends IOException {

    private final transient Path file;
    private final long offset;
    private final String originalMessage;

    /**
     * @param offset the byte offset in the file where the problem is, or -1 when there is none
     */
    public FormatException(String message, Path file, long offset) {
        this(message, file, offset, null);
    }

    public FormatException(String message, Path file, long offset, Throwable cause) {
        super(message + " (file=" + file + (offset >= 0 ? ", offset=0x" + Long.toHexString(offset) : "") + ")",
                cause);
        this.file = file;
        this.offset = offset;
        this.originalMessage = message;
    }

    public Path file() {
        return file;
    }

    /** The byte offset of the problem, or -1. */
    public long offset() {
        return offset;
    }

    public String originalMessage() {
        return originalMessage;
    }
}
