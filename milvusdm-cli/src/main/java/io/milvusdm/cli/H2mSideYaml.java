package io.milvusdm.cli;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.VectorType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;

/**
 * The ready-to-run H2M job MilvusDM's M2H wrote beside each HDF5 file ({@code save_yaml}), with its keys and
 * defaults: target 127.0.0.1:19530, mode skip. Unlike MilvusDM, the default partition is {@code ''} (MilvusDM
 * wrote the partition tag {@code None}, naming a partition that does not exist), and it is written beside the
 * file as {@code FILE.h5.yaml} instead of under a {@code yamls/} tree.
 *
 * @param dataPath the HDF5 file, absolute
 * @param collection the target collection
 * @param partition the target partition, or {@code ""} for none
 */
record H2mSideYaml(Path dataPath, String host, int port, String collection, String partition,
                   SourceSchema schema) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 19530;

    /** The metrics a Milvus 2.x collection takes for each vector type; another source metric falls back to the first. */
    private static final Set<String> FLOAT_METRICS = Set.of("L2", "IP", "COSINE");
    private static final Set<String> BINARY_METRICS = Set.of("HAMMING", "JACCARD", "TANIMOTO", "SUBSTRUCTURE",
            "SUPERSTRUCTURE");

    /** Where the job goes: beside the HDF5 file, its name plus {@code .yaml}. */
    static Path pathFor(Path h5) {
        return h5.resolveSibling(h5.getFileName() + ".yaml");
    }

    /** A Milvus collection name from a file name: letters, digits and underscores, not starting with a digit. */
    static String collectionName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String name = stem.replaceAll("[^A-Za-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /** The metric the H2M job creates the collection with: the source's, when Milvus takes it, else L2 or HAMMING. */
    String metric() {
        boolean binary = schema.vectorType() == VectorType.BINARY_VECTOR;
        String source = schema.metric().map(m -> m.toUpperCase(Locale.ROOT)).orElse("");
        return (binary ? BINARY_METRICS : FLOAT_METRICS).contains(source) ? source : binary ? "HAMMING" : "L2";
    }

    String text() {
        StringBuilder yaml = new StringBuilder()
                .append("# Written by milvusdm to-hdf5: moves ").append(dataPath.getFileName())
                .append(" into Milvus with `milvusdm --yaml` (or MilvusDM's `milvusdm --yaml`).\n")
                .append("H2M:\n")
                .append("  milvus_version: 2.x\n")
                .append("  data_path:\n")
                .append("    - ").append(quote(dataPath.toString())).append('\n')
                .append("  data_dir:\n")
                .append("  dest_host: ").append(quote(host)).append('\n')
                .append("  dest_port: ").append(port).append('\n')
                .append("  mode: skip\n")
                .append("  dest_collection_name: ").append(quote(collection)).append('\n')
                .append("  dest_partition_name: ").append(quote(partition)).append('\n')
                .append("  collection_parameter:\n")
                .append("    dimension: ").append(schema.dimension()).append('\n')
                .append("    index_file_size: 1024\n")
                .append("    metric_type: ").append(metric()).append('\n');
        if (schema.keyKind() == KeyKind.NONE) {
            yaml.append("  # The file has no ids dataset: Milvus generates them (MilvusDM itself requires ids).\n")
                    .append("  auto_id: true\n");
        }
        return yaml.toString();
    }

    /** Writes the job beside the HDF5 file, replacing any earlier one atomically. */
    Path write() throws IOException {
        Path target = pathFor(dataPath);
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(text()));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A YAML single-quoted scalar: no escapes but a doubled quote, so any path or name survives. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
