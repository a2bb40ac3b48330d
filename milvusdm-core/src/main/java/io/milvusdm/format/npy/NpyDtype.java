package io.milvusdm.format.npy;

import java.nio.ByteOrder;

/**
 * A simple (non-structured) NumPy dtype as a {@code descr} string names it: byte order, kind, item size.
 * {@code '<f4'} is little-endian float32, {@code '>f8'} big-endian float64, {@code '|u1'} uint8 (one byte has no
 * order), {@code '|b1'} bool, {@code '<U12'} unicode strings of at most 12 code points (UTF-32, 48 bytes, shorter
 * ones padded with zeros). {@code '='} (native) is read as little-endian: every platform numpy writes files on
 * today is.
 *
 * @param order the byte order of each item
 * @param kind numpy's kind character: {@code 'f'} float, {@code 'i'} signed int, {@code 'u'} unsigned int,
 *     {@code 'b'} bool, {@code 'U'} unicode
 * @param itemSize bytes per item (four a code point for unicode)
 */
public record NpyDtype(ByteOrder order, char kind, int itemSize) {

    public static final NpyDtype FLOAT32 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'f', 4);
    public static final NpyDtype UINT8 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'u', 1);
    public static final NpyDtype INT64 = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'i', 8);
    public static final NpyDtype BOOL = new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'b', 1);

    /** Little-endian signed integers of {@code bytes} (1, 2, 4 or 8) bytes. */
    public static NpyDtype int_(int bytes) {
        return new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'i', bytes);
    }

    /** Little-endian float32 or float64. */
    public static NpyDtype float_(int bytes) {
        return new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'f', bytes);
    }

    /** Little-endian unicode strings of at most {@code codePoints} code points. */
    public static NpyDtype unicode(int codePoints) {
        return new NpyDtype(ByteOrder.LITTLE_ENDIAN, 'U', Math.multiplyExact(codePoints, 4));
    }

    /**
     * Parses a {@code descr}; {@code null} when it is not a simple float or integer type this reader knows
     * (the caller names the file and the descr in its error).
     */
    static NpyDtype parse(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        ByteOrder order = switch (orderChar) {
            case '<', '=', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> null;
        };
        boolean known = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            case 'U' -> size > 0 && size <= Integer.MAX_VALUE / 4;
            default -> false;
        };
        if (order == null || !known || size > 1 && orderChar == '|' && kind != 'U') {
            return null;
        }
        return new NpyDtype(order, kind, kind == 'U' ? size * 4 : size);
    }

    /** The {@code descr} numpy writes for this type: {@code '|'} for one byte, else {@code '<'} or {@code '>'}. */
    public String descr() {
        char orderChar = itemSize == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return "" + orderChar + kind + (kind == 'U' ? itemSize / 4 : itemSize);
    }

    public boolean isFloat() {
        return kind == 'f';
    }

    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    public boolean isBool() {
        return kind == 'b';
    }

    public boolean isUnicode() {
        return kind == 'U';
    }

    @Override
    public String toString() {
        return descr();
    }
}
