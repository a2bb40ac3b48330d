package io.milvusdm.format.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * HDF5's Fletcher-32 checksum ({@code H5_checksum_fletcher32}): the data is read as big-endian 16-bit words
 * (an odd last byte is the high byte of a last word); {@code sum1} adds the words, {@code sum2} adds the
 * running {@code sum1}, both folded to 16 bits ({@code (x & 0xffff) + (x >>> 16)}) after every 360 words and
 * twice at the end. The checksum is {@code sum2 << 16 | sum1}.
 *
 * <p>HDF5 1.6.2 and earlier stored it with the two bytes of each 16-bit half swapped; HDF5 still accepts that
 * form, and so does {@link #matches}.
 */
final class Fletcher32 {

    /** The most words whose sums cannot overflow 32 bits between folds. */
    private static final int BLOCK_WORDS = 360;

    private Fletcher32() {
    }

    /** The checksum of {@code data}'s bytes from {@code 0} to {@code length}. */
    static int checksum(ByteBuffer data, int length) {
        ByteBuffer words = data.duplicate().order(ByteOrder.BIG_ENDIAN);
        int sum1 = 0;
        int sum2 = 0;
        int at = 0;
        int wordsLeft = length / 2;
        while (wordsLeft > 0) {
            int block = Math.min(BLOCK_WORDS, wordsLeft);
            wordsLeft -= block;
            for (int end = at + 2 * block; at < end; at += 2) {
                sum1 += words.getShort(at) & 0xffff;
                sum2 += sum1;
            }
            sum1 = fold(sum1);
            sum2 = fold(sum2);
        }
        if (length % 2 != 0) {
            sum1 += (words.get(at) & 0xff) << 8;
            sum2 += sum1;
            sum1 = fold(sum1);
            sum2 = fold(sum2);
        }
        return fold(sum2) << 16 | fold(sum1);
    }

    /** Whether {@code stored} is {@code computed} as HDF5 writes it now or as 1.6.2 and earlier wrote it. */
    static boolean matches(int stored, int computed) {
        int swapped = (computed & 0x00ff00ff) << 8 | (computed >>> 8) & 0x00ff00ff;
        return stored == computed || stored == swapped;
    }

    private static int fold(int sum) {
        return (sum & 0xffff) + (sum >>> 16);
    }
}
