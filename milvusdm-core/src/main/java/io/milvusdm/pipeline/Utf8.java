package io.milvusdm.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 length and encoding of a string without allocating, as protobuf encodes strings: an unpaired surrogate
 * becomes {@code ?}, like {@code String.getBytes(UTF_8)} and protobuf's {@code Utf8.encode} fallback.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static int length(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Writes {@code value} at {@code pos} and returns the position after it. */
    public static int write(String value, byte[] out, int pos) {
        int p = pos;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | c >>> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                out[p++] = (byte) (0xF0 | cp >>> 18);
                out[p++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                out[p++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                out[p++] = '?';
            } else {
                out[p++] = (byte) (0xE0 | c >>> 12);
                out[p++] = (byte) (0x80 | c >>> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return p;
    }
}
