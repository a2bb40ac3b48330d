package io.milvusdm.format.faiss;

import java.nio.file.Path;

/**
 * Where an IVF index's (or a binary hash index's) entries are: for each non-empty list, its number, its size,
 * the section of its codes and the section of its ids. Parsed by {@link InvertedListsReader}; nothing of the
 * codes or ids is read.
 *
 * <p>Arrays are indexed by k, the k-th non-empty list in list order (empty lists are not kept: a sparse file
 * may name millions of lists and store a handful).
 */
public final class InvertedLists {

    private final String encoding;
    private final long nlist;
    private final long codeSize;
    private final int[] listNos;
    private final long[] sizes;
    private final long[] codeOffsets;
    private final long[] codeLengths;
    private final long[] idOffsets;
    private final Path dataFile;
    private final String missingDataFile;

    InvertedLists(String encoding, long nlist, long codeSize, int[] listNos, long[] sizes, long[] codeOffsets,
                  long[] codeLengths, long[] idOffsets, Path dataFile, String missingDataFile) {
        this.encoding = encoding;
        this.nlist = nlist;
        this.codeSize = codeSize;
        this.listNos = listNos;
        this.sizes = sizes;
        this.codeOffsets = codeOffsets;
        this.codeLengths = codeLengths;
        this.idOffsets = idOffsets;
        this.dataFile = dataFile;
        this.missingDataFile = missingDataFile;
    }

    /** {@code ilar/full}, {@code ilar/sprs}, {@code ilod}, {@code ilbl}, {@code il00}, {@code legacy}, ... */
    public String encoding() {
        return encoding;
    }

    public long nlist() {
        return nlist;
    }

    /** Bytes of one entry's code ({@code d*4} for IVF-Flat). */
    public long codeSize() {
        return codeSize;
    }

    /** Non-empty lists. */
    public int count() {
        return listNos.length;
    }

    /** The list number of the k-th non-empty list. */
    public int listNo(int k) {
        return listNos[k];
    }

    /** Entries in the k-th non-empty list. */
    public long size(int k) {
        return sizes[k];
    }

    /** The k-th non-empty list's codes (for {@code ilbl}: the packed blocks, padded). */
    public Section codes(int k) {
        return new Section(codeOffsets[k], codeLengths[k]);
    }

    /** The k-th non-empty list's ids, {@code size(k)} int64s. */
    public Section ids(int k) {
        return new Section(idOffsets[k], sizes[k] * Long.BYTES);
    }

    /** The file the sections are in: the index itself, or an on-disk lists' {@code .ivfdata} file. */
    public Path dataFile() {
        return dataFile;
    }

    /** For on-disk lists whose data file was not found: the message saying where it was looked for. */
    public String missingDataFile() {
        return missingDataFile;
    }

    /** The sum of the list sizes. */
    public long totalSize() {
        long total = 0;
        for (long size : sizes) {
            total += size;
        }
        return total;
    }
}
