package io.milvusdm.format.faiss;

import io.milvusdm.format.BinaryInput;
import io.milvusdm.format.faiss.codec.InverseTransform;
import io.milvusdm.format.faiss.codec.PqFastScanUnpacker;
import io.milvusdm.format.faiss.codec.ResidualDecoding;

import java.io.IOException;
import java.util.List;

/**
 * One reader's decoding of coded rows: reads a run of codes of one block, decodes them, adds the list's centroid
 * back for residual codes and undoes the pre-transform chain, into the batch's float array. All buffers are sized
 * once for the reader's largest run, so nothing is allocated per row or per batch.
 *
 * <p>Fast-scan codes are stored in blocks of bbs rows: a run is read as the whole blocks that hold it, unpacked
 * from the first block's start, and only its own rows are decoded. Splits and batches start on block boundaries
 * ({@link FaissSource}), so that costs nothing in practice; an unaligned run still reads correctly.
 */
final class CodedRowReader {

    private final FaissDecoder decoder;
    private final CodedRows rows;
    private final FaissReadPlan plan;
    private final BinaryInput data;
    private final BinaryInput index;
    private final PqFastScanUnpacker unpacker;
    private final byte[] codes;
    private final byte[] packed;
    private final float[] ping;
    private final float[] pong;
    private final float[] centroid;
    private int centroidList = -1;

    /**
     * @param data the file of the codes
     * @param index the index file (the coarse centroids are in it)
     * @param maxRows the most rows of one {@link #read}
     */
    CodedRowReader(FaissDecoder decoder, FaissReadPlan plan, BinaryInput data, BinaryInput index, int maxRows) {
        this.decoder = decoder;
        this.rows = decoder.rows();
        this.plan = plan;
        this.data = data;
        this.index = index;
        this.unpacker = decoder.unpacker();
        int slack = unpacker == null ? 0 : rows.bbs();
        boolean hasCodes = rows.storage() != CodedRows.Storage.FLOAT;
        this.codes = hasCodes ? new byte[Math.toIntExact((maxRows + slack) * rows.rowBytes())] : null;
        this.packed = unpacker == null ? null : new byte[Math.toIntExact(unpacker.packedSize(maxRows + slack))];
        boolean chain = !decoder.inverses().isEmpty();
        this.ping = chain ? new float[Math.multiplyExact(maxRows, decoder.maxWidth())] : null;
        this.pong = decoder.inverses().size() > 1 ? new float[ping.length] : null;
        this.centroid = rows.centroids() == null ? null : new float[rows.innerD()];
    }

    /** Decodes rows {@code [rowInBlock, rowInBlock + n)} of {@code block} into {@code out[outOffset..]}. */
    void read(int block, long rowInBlock, int n, float[] out, int outOffset) throws IOException {
        List<InverseTransform> inverses = decoder.inverses();
        float[] stage = inverses.isEmpty() ? out : ping;
        int stageOffset = inverses.isEmpty() ? outOffset : 0;
        readStorage(block, rowInBlock, n, stage, stageOffset);
        if (centroid != null) {
            ResidualDecoding.addCentroid(stage, stageOffset, n, centroid(plan.listNos()[block]));
        }
        float[] from = ping;
        for (int i = 0; i < inverses.size(); i++) {
            boolean last = i == inverses.size() - 1;
            float[] to = last ? out : from == ping ? pong : ping;
            inverses.get(i).reverse(from, 0, n, to, last ? outOffset : 0);
            from = to;
        }
    }

    private void readStorage(int block, long rowInBlock, int n, float[] out, int outOffset) throws IOException {
        long start = plan.codeOffsets()[block];
        if (rows.storage() == CodedRows.Storage.FLOAT) {
            data.readFloats(start + rowInBlock * rows.rowBytes(), out, outOffset, n * rows.innerD());
        } else if (unpacker == null) {
            data.readBytes(start + rowInBlock * rows.rowBytes(), codes, 0, (int) (n * rows.rowBytes()));
            decoder.decodeCodes(codes, 0, n, out, outOffset);
        } else {
            int bbs = rows.bbs();
            int skip = (int) (rowInBlock % bbs);
            int bytes = (int) unpacker.packedSize(skip + n);
            data.readBytes(start + rowInBlock / bbs * unpacker.blockSize(), packed, 0, bytes);
            unpacker.unpack(packed, 0, skip + n, codes, 0);
            decoder.decodeCodes(codes, skip * unpacker.codeSize(), n, out, outOffset);
        }
    }

    /** List {@code listNo}'s coarse centroid, read once per run of the same list. */
    private float[] centroid(int listNo) throws IOException {
        if (listNo != centroidList) {
            index.readFloats(rows.centroids().offset() + (long) listNo * rows.innerD() * Float.BYTES, centroid, 0,
                    rows.innerD());
            centroidList = listNo;
        }
        return centroid;
    }
}
