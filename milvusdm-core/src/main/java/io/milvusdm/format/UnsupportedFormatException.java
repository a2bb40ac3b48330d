package io.milvusdm.format;

import java.nio.file.Path;

/** A valid file holding something milvusdm does not read (yet): a data type, a layout, a version. */
public class UnsupportedFormatException extends FormatException {

    public UnsupportedFormatException(String message, Path file, long offset) {
        super(message, file, offset);
    }
}
