package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.FormatException;
import io.milvusdm.format.UnsupportedFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The state of one parse: the input's cursor, the path of nested fourccs being read (named in every error,
 * e.g. {@code IxMp>IwFl}) and the nesting depth, capped as Faiss caps it.
 */
final class FaissParser {

    /** Faiss's own cap on nesting ({@code IndexNestingGuard}, index_read.cpp). */
    static final int MAX_DEPTH = 50;

    private final BinaryInput in;
    private final Deque<String> path = new ArrayDeque<>();

    FaissParser(BinaryInput in) {
        this.in = in;
    }

    BinaryInput in() {
        return in;
    }

    Path file() {
        return in.file();
    }

    /** The nested fourccs being read, outermost first: {@code IxMp>IwFl}. */
    String path() {
        StringBuilder out = new StringBuilder();
        path.descendingIterator().forEachRemaining(f -> out.append(out.length() == 0 ? "" : ">").append(f));
        return out.toString();
    }

    /** Reads a nested float index, or returns {@code null} for Faiss's {@code null} placeholder. */
    FaissIndex readIndex() throws IOException {
        return dispatch(FaissIndexTypes.FLOAT, false);
    }

    /** Reads a nested binary index, or returns {@code null} for the {@code null} placeholder. */
    FaissIndex readBinaryIndex() throws IOException {
        return dispatch(FaissIndexTypes.BINARY, true);
    }

    private FaissIndex dispatch(Map<String, FaissIndexTypes.TypeParser> table, boolean binary) throws IOException {
        long at = in.position();
        String fourcc = in.readFourcc();
        if (fourcc.equals("null")) {
            return null;
        }
        if (path.size() >= MAX_DEPTH) {
            throw corrupt("indexes nested deeper than " + MAX_DEPTH, at);
        }
        FaissIndexTypes.TypeParser parser = table.get(fourcc);
        if (parser == null) {
            throw FaissIndexTypes.notReadable(this, fourcc, binary, at);
        }
        path.push(fourcc);
        in.context(path());
        try {
            return parser.read(this, fourcc, at);
        } finally {
            path.pop();
            in.context(path());
        }
    }

    /** A Faiss bool: one byte, 0 or 1 (Faiss itself rejects anything else since v1.15). */
    boolean readBool(String what) throws IOException {
        long at = in.position();
        byte b = in.readByte();
        if (b != 0 && b != 1) {
            throw corrupt(what + " is " + b + ", not a bool (0 or 1)", at);
        }
        return b == 1;
    }

    /** A {@code READVECTOR}: an element count, then the elements, recorded as a section and skipped. */
    Section vector(long elementBytes, String what) throws IOException {
        long count = in.readCount(elementBytes, what);
        Section section = new Section(in.position(), count * elementBytes);
        in.skip(section.length(), what);
        return section;
    }

    /** A {@code READVECTOR} that must hold exactly {@code expected} elements. */
    Section vector(long elementBytes, long expected, String what) throws IOException {
        long at = in.position();
        Section section = vector(elementBytes, what);
        long count = section.length() / elementBytes;
        if (count != expected) {
            throw corrupt(what + " count " + count + " != " + expected, at);
        }
        return section;
    }

    /** {@code a * b}, or a {@link FormatException} when the product of two header fields overflows. */
    long product(long a, long b, String what, long at) throws FormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw corrupt(what + " " + a + " x " + b + " overflows", at);
        }
    }

    /** Rejects a header that only makes sense byte-swapped: a file written by a big-endian build. */
    void checkByteOrder(int d, long ntotal, long at) throws UnsupportedFormatException {
        boolean implausible = d < 0 || d > FaissHeader.MAX_D || ntotal < 0;
        int swappedD = Integer.reverseBytes(d);
        long swappedN = Long.reverseBytes(ntotal);
        if (implausible && swappedD >= 0 && swappedD <= FaissHeader.MAX_D && swappedN >= 0
                && swappedN <= in.size() * 8) {
            throw bigEndian("d reads " + d + " and ntotal " + ntotal + ", byte-swapped " + swappedD + " and "
                    + swappedN, at);
        }
    }

    UnsupportedFormatException bigEndian(String evidence, long at) {
        return unsupported("big-endian Faiss file (" + evidence + "): it was written by a big-endian build,"
                + " milvusdm reads little-endian files only", at);
    }

    FormatException corrupt(String message, long offset) {
        return in.error(message, offset);
    }

    UnsupportedFormatException unsupported(String message, long offset) {
        String where = path.isEmpty() ? "" : " in " + path();
        return new UnsupportedFormatException(message + where, in.file(), offset);
    }
}
