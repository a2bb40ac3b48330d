package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A parsed Faiss index file ({@code faiss.write_index} or {@code write_index_binary}): every header of the
 * index tree, read eagerly, and the sections of the payloads, read later. Opening reads no vector; the file is
 * closed again when {@link #read} returns.
 *
 * <p>A file whose first fourcc starts with {@code IB} is a binary index; anything else a float index. The whole
 * file must be consumed by the tree: trailing bytes are reported as corruption.
 */
public final class FaissIndexFile {

    private final Path file;
    private final long size;
    private final FaissIndex root;
    private final FaissPlanner.Analysis analysis;
    private final FaissDecoder decoder;

    private FaissIndexFile(Path file, long size, FaissIndex root, FaissPlanner.Analysis analysis,
                           FaissDecoder decoder) {
        this.file = file;
        this.size = size;
        this.root = root;
        this.analysis = analysis;
        this.decoder = decoder;
    }

    /** The verdict, and for coded rows their decoder, loaded now so that the verdict knows the codec's bound. */
    private static FaissIndexFile analyze(BinaryInput in, Path file, FaissIndex root) throws IOException {
        FaissPlanner.Analysis analysis = FaissPlanner.analyze(root, file);
        FaissReadPlan plan = analysis.plan();
        if (plan == null || plan.coded() == null) {
            return new FaissIndexFile(file, in.size(), root, analysis, null);
        }
        FaissDecoder decoder = FaissDecoder.load(plan.coded(), in);
        if (decoder.recovery() instanceof Recovery.None none) {
            return new FaissIndexFile(file, in.size(), root, FaissPlanner.Analysis.none(none.reason(), analysis.ids()),
                    null);
        }
        return new FaissIndexFile(file, in.size(), root, analysis.withRecovery(decoder.recovery()), decoder);
    }

    /**
     * Parses the file.
     *
     * @throws FormatException when the file is truncated, corrupt or inconsistent, naming the file, the offset and
     *     the nested fourccs; an {@link io.milvusdm.format.UnsupportedFormatException} when it is a valid file of
     *     a type or layout milvusdm does not read
     */
    public static FaissIndexFile read(Path file) throws IOException {
        try (BinaryInput in = BinaryInput.open(file)) {
            FaissParser p = new FaissParser(in);
            if (in.size() < 4) {
                throw p.corrupt("a Faiss index needs at least 4 bytes, the file has " + in.size(), 0);
            }
            String first = in.readFourcc();
            in.seek(0);
            FaissIndex root = first.startsWith("IB") ? p.readBinaryIndex() : p.readIndex();
            if (root == null) {
                throw p.corrupt("the file holds only Faiss's 'null' placeholder", 0);
            }
            if (in.remaining() != 0) {
                throw p.corrupt(in.remaining() + " bytes after the end of the " + root.fourcc() + " index",
                        in.position());
            }
            return analyze(in, file, root);
        }
    }

    public Path file() {
        return file;
    }

    /** The outermost index. */
    public FaissIndex root() {
        return root;
    }

    /** The tree of indexes, the recovery verdict and where ids come from. */
    public FaissDescription describe() {
        return new FaissDescription(file, size, root.describe(), analysis.recovery(), analysis.ids());
    }

    /** Whether the vectors are unreadable because a companion file (an on-disk lists' data file) is missing. */
    boolean missingDataFile() {
        return analysis.missingFile();
    }

    /** Where the vectors or codes are, or {@code null} when the vectors cannot be recovered. */
    FaissReadPlan plan() {
        return analysis.plan();
    }

    /** The decoder of coded rows, or {@code null} when the plan's rows are the vectors themselves. */
    FaissDecoder decoder() {
        return decoder;
    }
}
