package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.BatchReader;
import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Fixtures written by faiss-cpu at test time ({@code scripts/fixtures/faiss_fixtures.py}) and what the reader
 * must produce from them, from the little-endian files the script writes beside each index.
 */
final class FaissFixtures {

    /** Cases whose vectors are stored exactly: read bit for bit. */
    static final List<String> EXACT = List.of("flat_l2", "flat_ip", "flat_l1", "flat_lp", "idmap_flat",
            "idmap2_flat_ip", "ivf_full", "ivf_ip_ids", "ivf_sparse", "ivf_dm_array", "ivf_dm_hashtable",
            "idmap_ivf", "ivf_hnsw_quantizer", "ivf_ondisk", "ivf_dedup", "hnsw_flat", "idmap_hnsw_ip",
            "refine_flat", "binary_flat", "binary_ivf", "binary_hnsw", "binary_idmap", "binary_idmap2_hnsw",
            "binary_hash", "binary_multihash");

    /** Cases whose codes need the decoder. */
    static final List<String> CODED = List.of("sq8", "ivf_sq8", "ivf_sqfp16_ip", "hnsw_sq", "pq", "ivf_pq",
            "hnsw_pq", "pq_fastscan", "ivf_pq_fastscan", "pca_flat", "opq_ivf_pq", "rr_flat");

    /** Cases whose codes decode to vectors faiss's own decode matches (bit for bit, or within a tolerance). */
    static final List<String> DECODED = List.of("dec_sq8", "dec_sq4_ip", "dec_sqfp16", "dec_sqbf16_ip",
            "dec_ivf_sq8", "dec_ivf_sq6_nores_ip", "dec_hnsw_sq4", "dec_pq8", "dec_pq6_ip", "dec_ivf_pq",
            "dec_ivf_pq_nores", "dec_hnsw_pq", "dec_pq_fs", "dec_ivf_pq_fs_ip", "dec_opq_ivf_pq", "dec_pca_reduced",
            "dec_rr_flat_ip", "dec_centering", "dec_idmap_sqfp16", "dec_ivf_pq_ondisk", "dec_ivf_sq8_ondisk_ip");

    private FaissFixtures() {
    }

    static Path write(Path dir, List<String> cases) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        args.addAll(cases);
        TestEnvironment.runFixtureScript("faiss_fixtures.py", args.toArray(String[]::new));
        return dir;
    }

    /** What a case must read as: rows keyed by id, each row's bytes as stored (float32 LE or packed bits). */
    record Expected(Properties properties, TreeMap<Long, ByteBuffer> rows) {

        static Expected load(Path dir, String name) throws IOException {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(dir.resolve(name + ".properties"))) {
                properties.load(reader);
            }
            TreeMap<Long, ByteBuffer> rows = new TreeMap<>();
            Path vectors = dir.resolve(name + ".vectors.bin");
            if (Files.exists(vectors)) {
                ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(vectors));
                ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name + ".ids.bin")))
                        .order(ByteOrder.LITTLE_ENDIAN);
                int n = ids.remaining() / Long.BYTES;
                int rowBytes = data.remaining() / n;
                for (int i = 0; i < n; i++) {
                    rows.put(ids.getLong(i * Long.BYTES), data.slice(i * rowBytes, rowBytes));
                }
            }
            return new Expected(properties, rows);
        }

        String get(String key) {
            return properties.getProperty(key);
        }
    }

    /** Every row of every split, keyed by id; fails on a repeated id. */
    static TreeMap<Long, ByteBuffer> readAll(FaissSource source, long maxSplitBytes, long maxBatchBytes)
            throws IOException {
        TreeMap<Long, ByteBuffer> rows = new TreeMap<>();
        for (Split split : source.splits(maxSplitBytes)) {
            readSplit(source, split, maxBatchBytes, rows);
        }
        return rows;
    }

    static void readSplit(FaissSource source, Split split, long maxBatchBytes, TreeMap<Long, ByteBuffer> rows)
            throws IOException {
        long count = 0;
        try (BatchReader reader = source.open(split, maxBatchBytes)) {
            for (VectorBatch batch = reader.next(); batch != null; batch = reader.next()) {
                if (batch.rowCount() > 1 && batch.byteSize() > maxBatchBytes) {
                    throw new AssertionError("batch of " + batch.byteSize() + " bytes > " + maxBatchBytes);
                }
                count += collect(batch, rows);
            }
        }
        if (count != split.rowCount()) {
            throw new AssertionError("split " + split.id() + " read " + count + " rows, claims " + split.rowCount());
        }
    }

    /** Copies the batch's rows into {@code rows} by id (so its arrays may be reused); fails on a repeated id. */
    static int collect(VectorBatch batch, TreeMap<Long, ByteBuffer> rows) {
        long[] ids = ((PrimaryKeys.Int64Keys) batch.keys()).values();
        for (int r = 0; r < batch.rowCount(); r++) {
            if (rows.put(ids[r], row(batch, r)) != null) {
                throw new AssertionError("id " + ids[r] + " read twice, in split " + batch.split().id());
            }
        }
        return batch.rowCount();
    }

    private static ByteBuffer row(VectorBatch batch, int r) {
        if (batch.vectors() instanceof FloatVectors floats) {
            int d = floats.dimension();
            ByteBuffer out = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            out.asFloatBuffer().put(floats.values(), r * d, d);
            return out;
        }
        ByteVectors bytes = (ByteVectors) batch.vectors();
        int width = bytes.dimension() / 8;
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes.values(), r * width, (r + 1) * width));
    }
}
