package io.milvusdm.format.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusdm.testing.TestEnvironment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What pyarrow read from a Parquet file: a dump directory of scripts/fixtures/parquet_fixtures.py. */
record PyarrowDump(Path dir, JsonNode schema) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Has pyarrow read {@code file} and dump it into {@code out}. */
    static PyarrowDump of(Path file, Path out) throws IOException {
        TestEnvironment.runFixtureScript("parquet_fixtures.py", "dump", file.toString(), out.toString());
        return read(out);
    }

    static PyarrowDump read(Path dir) throws IOException {
        return new PyarrowDump(dir, JSON.readTree(dir.resolve("schema.json").toFile()));
    }

    long rows() {
        return schema.get("rows").asLong();
    }

    int rowGroups() {
        return schema.get("row_groups").asInt();
    }

    String codec() {
        return schema.get("codec").asText();
    }

    String arrowType(String column) {
        return schema.get("columns").get(column).asText();
    }

    long[] longs(String column) throws IOException {
        ByteBuffer bytes = bytes(column + ".bin");
        long[] values = new long[bytes.remaining() / 8];
        bytes.asLongBuffer().get(values);
        return values;
    }

    float[] floats(String column) throws IOException {
        ByteBuffer bytes = bytes(column + ".bin");
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    byte[] rawBytes(String column) throws IOException {
        return Files.readAllBytes(dir.resolve(column + ".bin"));
    }

    int[] lengths(String column) throws IOException {
        ByteBuffer bytes = bytes(column + ".lengths");
        int[] values = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(values);
        return values;
    }

    /** A string column, null where pyarrow found none. */
    List<String> strings(String column) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonNode node : JSON.readTree(dir.resolve(column + ".json").toFile())) {
            values.add(node.isNull() ? null : node.asText());
        }
        return values;
    }

    private ByteBuffer bytes(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
    }
}
