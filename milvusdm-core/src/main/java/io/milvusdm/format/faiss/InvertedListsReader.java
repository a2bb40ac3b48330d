package io.milvusdm.format.faiss;

import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Parses an IVF index's inverted lists: a fourcc, then one of these layouts.
 * <ul>
 *   <li>{@code il00}: no lists stored (nothing follows).</li>
 *   <li>{@code ilar} (ArrayInvertedLists): <b>[uint64]</b> nlist, <b>[uint64]</b> code_size, then
 *       {@code "full"} + <b>[vector&lt;uint64&gt;]</b> sizes (one per list) or {@code "sprs"} +
 *       <b>[vector&lt;uint64&gt;]</b> (list_no, size) pairs of the non-empty lists; then for each non-empty list
 *       size × code_size bytes of codes followed by size × <b>[int64]</b> ids.</li>
 *   <li>{@code ilod} (OnDiskInvertedLists): nlist, code_size, <b>[vector&lt;24-byte (size, capacity,
 *       offset)&gt;]</b> lists, <b>[vector&lt;16-byte slot&gt;]</b> free slots, <b>[vector&lt;char&gt;]</b> data
 *       file name, <b>[uint64]</b> totsize. The codes of a list are at {@code offset} in the data file, its ids at
 *       {@code offset + capacity*code_size}.</li>
 *   <li>{@code ilbl} (BlockInvertedLists, IVF-PQ fast scan): nlist, code_size, n_per_block, block_size, then per
 *       list <b>[vector&lt;int64&gt;]</b> ids and <b>[vector&lt;uint8&gt;]</b> packed codes.</li>
 * </ul>
 * See <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp#L490-L715">
 * read_InvertedLists_up</a>, <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/invlists/OnDiskInvertedLists.cpp#L689-L763">
 * OnDiskInvertedListsIOHook</a> and <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/invlists/BlockInvertedLists.cpp#L150-L200">
 * BlockInvertedListsIOHook</a>.
 */
final class InvertedListsReader {

    private final FaissParser p;
    private final long nlist;
    private final long codeSize;
    private int count;
    private int[] listNos;
    private long[] sizes;
    private long[] codeOffsets;
    private long[] codeLengths;
    private long[] idOffsets;

    private InvertedListsReader(FaissParser p, long nlist, long codeSize) {
        this.p = p;
        this.nlist = nlist;
        this.codeSize = codeSize;
    }

    /** Reads the lists of an IVF index with {@code nlist} lists and entries of {@code codeSize} bytes. */
    static InvertedLists read(FaissParser p, long nlist, long codeSize) throws IOException {
        long at = p.in().position();
        String fourcc = p.in().readFourcc();
        InvertedListsReader r = new InvertedListsReader(p, nlist, codeSize);
        return switch (fourcc) {
            case "il00" -> r.lists("il00", null, null);
            case "ilar" -> r.readArray();
            case "ilod" -> r.readOnDisk();
            case "ilbl" -> r.readBlocks();
            case "ilpn", "ilp2" -> throw p.unsupported("Panorama inverted lists '" + fourcc
                    + "' are not supported yet", at);
            default -> throw p.unsupported("unknown inverted lists type " + FaissIndexTypes.printable(fourcc)
                    + "; supported: il00, ilar, ilod, ilbl", at);
        };
    }

    private void header() throws IOException {
        header(true);
    }

    /** nlist and code_size; BlockInvertedLists writes code_size as {@code (size_t) -1}, so it is not checked. */
    private void header(boolean checkCodeSize) throws IOException {
        long at = p.in().position();
        long fileNlist = p.in().readLong();
        if (fileNlist != nlist) {
            throw p.corrupt("inverted lists nlist " + Long.toUnsignedString(fileNlist) + " != index nlist " + nlist,
                    at);
        }
        long fileCodeSize = p.in().readLong();
        if (checkCodeSize && fileCodeSize != codeSize) {
            throw p.corrupt("inverted lists code_size " + Long.toUnsignedString(fileCodeSize) + " != expected "
                    + codeSize, at + 8);
        }
    }

    private void allocate(long bound) {
        int n = (int) bound;
        listNos = new int[n];
        sizes = new long[n];
        codeOffsets = new long[n];
        codeLengths = new long[n];
        idOffsets = new long[n];
    }

    private void add(long listNo, long size, long codeOffset, long codeLength, long idOffset) {
        listNos[count] = (int) listNo;
        sizes[count] = size;
        codeOffsets[count] = codeOffset;
        codeLengths[count] = codeLength;
        idOffsets[count] = idOffset;
        count++;
    }

    private InvertedLists lists(String encoding, Path dataFile, String missing) {
        if (listNos == null) {
            allocate(0);
        }
        return new InvertedLists(encoding, nlist, codeSize, Arrays.copyOf(listNos, count),
                Arrays.copyOf(sizes, count), Arrays.copyOf(codeOffsets, count), Arrays.copyOf(codeLengths, count),
                Arrays.copyOf(idOffsets, count), dataFile, missing);
    }

    private InvertedLists readArray() throws IOException {
        header();
        long at = p.in().position();
        String type = p.in().readFourcc();
        if (type.equals("full")) {
            long n = p.in().readCount(Long.BYTES, "list sizes");
            if (n != nlist) {
                throw p.corrupt("list sizes count " + n + " != nlist " + nlist, at + 4);
            }
            allocate(n);
            for (long list = 0; list < n; list++) {
                long size = p.in().readLong();
                if (size != 0) {
                    add(list, size, -1, 0, -1);
                }
            }
        } else if (type.equals("sprs")) {
            readSparseSizes(at);
        } else {
            throw p.corrupt("list encoding " + FaissIndexTypes.printable(type) + " is neither 'full' nor 'sprs'", at);
        }
        for (int k = 0; k < count; k++) {
            long codeBytes = entryBytes(sizes[k], codeSize, listNos[k]);
            codeOffsets[k] = p.in().position();
            codeLengths[k] = codeBytes;
            p.in().skip(codeBytes, "codes of list " + listNos[k]);
            idOffsets[k] = p.in().position();
            p.in().skip(sizes[k] * Long.BYTES, "ids of list " + listNos[k]);
        }
        return lists("ilar/" + type, null, null);
    }

    private void readSparseSizes(long at) throws IOException {
        long n = p.in().readCount(Long.BYTES, "sparse list sizes");
        if (n % 2 != 0) {
            throw p.corrupt("sparse list sizes count " + n + " is odd", at + 4);
        }
        allocate(n / 2);
        long previous = -1;
        for (long i = 0; i < n; i += 2) {
            long pairAt = p.in().position();
            long list = p.in().readLong();
            long size = p.in().readLong();
            if (list <= previous || list >= nlist) {
                throw p.corrupt("sparse list number " + Long.toUnsignedString(list) + " is out of order or not below"
                        + " nlist " + nlist, pairAt);
            }
            previous = list;
            if (size != 0) {
                add(list, size, -1, 0, -1);
            }
        }
    }

    /** {@code size * width} bytes, failing cleanly when a corrupt size makes that overflow. */
    private long entryBytes(long size, long width, long list) throws IOException {
        if (size < 0 || size > Long.MAX_VALUE / Math.max(width + Long.BYTES, 1)) {
            throw p.corrupt("list " + list + " size " + Long.toUnsignedString(size) + " cannot fit in a file",
                    p.in().position());
        }
        return size * width;
    }

    private InvertedLists readOnDisk() throws IOException {
        header();
        long at = p.in().position();
        long n = p.in().readCount(24, "on-disk lists");
        if (n != nlist) {
            throw p.corrupt("on-disk lists count " + n + " != nlist " + nlist, at);
        }
        allocate(n);
        long[] capacities = new long[(int) n];
        for (long list = 0; list < n; list++) {
            long size = p.in().readLong();
            long capacity = p.in().readLong();
            long offset = p.in().readLong();
            if (size < 0 || capacity < size || offset < 0) {
                throw p.corrupt("on-disk list " + list + ": size " + size + ", capacity " + capacity + ", offset "
                        + offset, p.in().position() - 24);
            }
            if (size != 0) {
                capacities[count] = capacity;
                add(list, size, offset, entryBytes(size, codeSize, list), 0);
            }
        }
        p.vector(16, "on-disk free slots");
        Section name = p.vector(1, "on-disk data file name");
        long totsize = p.in().readLong();
        String recorded = readName(name);
        return placeOnDisk(recorded, totsize, capacities, name.offset());
    }

    private String readName(Section name) throws IOException {
        if (name.length() > 1 << 16) {
            throw p.corrupt("on-disk data file name of " + name.length() + " bytes", name.offset());
        }
        byte[] bytes = new byte[(int) name.length()];
        p.in().readFully(name.offset(), ByteBuffer.wrap(bytes));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Finds the data file as Faiss's {@code IO_FLAG_ONDISK_SAME_DIR} does (its base name beside the index), else at
     * the recorded path (relative to the index's directory), checks it holds the {@code totsize} bytes the index
     * records (Faiss maps that many; a shorter file would fault on the first read past its end), and checks every
     * list lies inside them.
     */
    private InvertedLists placeOnDisk(String recorded, long totsize, long[] capacities, long nameAt)
            throws IOException {
        Path dir = p.file().toAbsolutePath().getParent();
        String base = recorded.substring(recorded.lastIndexOf('/') + 1);
        Path beside = base.isEmpty() ? null : dir.resolve(base);
        Path asRecorded = recorded.isEmpty() ? null : dir.resolve(recorded);
        Path data = beside != null && Files.isRegularFile(beside) ? beside
                : asRecorded != null && Files.isRegularFile(asRecorded) ? asRecorded : null;
        if (data == null) {
            return lists("ilod", null, "the on-disk inverted lists' data file '" + base + "' (" + totsize
                    + " bytes, as the index records) is neither beside the index (" + beside + ") nor at its"
                    + " recorded path " + recorded);
        }
        long size = Files.size(data);
        if (size < totsize) {
            throw new FormatException("the on-disk inverted lists' data file is " + size + " bytes, expected "
                    + totsize + " (the size " + p.file().getFileName() + " records; truncated?)", data, size);
        }
        for (int k = 0; k < count; k++) {
            long end = codeOffsets[k] + entryBytes(capacities[k], codeSize + Long.BYTES, listNos[k]);
            if (codeOffsets[k] > totsize || end > totsize || end < 0) {
                throw p.corrupt("on-disk list " + listNos[k] + " ends at " + end + ", past the " + totsize
                        + " bytes of its data file " + data, nameAt);
            }
            idOffsets[k] = codeOffsets[k] + capacities[k] * codeSize;
        }
        return lists("ilod", data, null);
    }

    private InvertedLists readBlocks() throws IOException {
        header(false);
        long nPerBlock = p.in().readLong();
        long blockSize = p.in().readLong();
        long at = p.in().position();
        if (nPerBlock <= 0 || blockSize <= 0 || blockSize > p.in().size()) {
            throw p.corrupt("block lists n_per_block " + nPerBlock + ", block_size " + blockSize, at - 16);
        }
        if (nlist > p.in().remaining() / 16) {
            throw p.corrupt("nlist " + nlist + " block lists cannot fit in the rest of the file", at);
        }
        allocate(nlist);
        for (long list = 0; list < nlist; list++) {
            Section ids = p.vector(Long.BYTES, "ids of list " + list);
            Section codes = p.vector(1, "codes of list " + list);
            long size = ids.length() / Long.BYTES;
            long blocks = (size + nPerBlock - 1) / nPerBlock;
            if (codes.length() != blocks * blockSize) {
                throw p.corrupt("list " + list + " holds " + codes.length() + " code bytes, expected " + blocks
                        + " blocks of " + blockSize, codes.offset() - 8);
            }
            if (size != 0) {
                add(list, size, codes.offset(), codes.length(), ids.offset());
            }
        }
        return lists("ilbl", null, null);
    }

    /** Legacy {@code Iv*} lists: ids from the IVF header, then one codes vector per list of {@code width}. */
    static InvertedLists readLegacy(FaissParser p, IvfHeader ivf, long codeSize, long width) throws IOException {
        InvertedListsReader r = new InvertedListsReader(p, ivf.nlist(), codeSize);
        r.allocate(ivf.nlist());
        for (int list = 0; list < ivf.nlist(); list++) {
            Section ids = ivf.legacyIds()[list];
            Section codes = p.vector(width, "codes of list " + list);
            long size = ids.length() / Long.BYTES;
            if (codes.length() != r.entryBytes(size, codeSize, list)) {
                throw p.corrupt("list " + list + " holds " + codes.length() + " code bytes for " + size + " ids of "
                        + codeSize + " bytes", codes.offset() - 8);
            }
            if (size != 0) {
                r.add(list, size, codes.offset(), codes.length(), ids.offset());
            }
        }
        return r.lists("legacy", null, null);
    }
}
