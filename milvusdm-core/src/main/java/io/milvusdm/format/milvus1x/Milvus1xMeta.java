package io.milvusdm.format.milvus1x;

import io.milvusdm.format.FormatException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a collection's partitions and raw segments from the SQLite meta ({@code db/meta.sqlite}) of Milvus
 * 0.10/1.x, read-only. Tables in state 1 (TO_DELETE: dropped, not yet purged) are not there for us. Of
 * {@code TableFiles}, only the file types whose segment directory holds the raw rows count: RAW (1),
 * TO_INDEX (2) and BACKUP (7, the raw file kept beside a built index); NEW, INDEX, TO_DELETE, NEW_MERGE and
 * NEW_INDEX files are either not flushed, derived, or on their way out. Every statement binds its values.
 */
final class Milvus1xMeta {

    static final int RAW = 1;
    static final int TO_INDEX = 2;
    static final int BACKUP = 7;
    private static final int TABLE_TO_DELETE = 1;

    private static final String TABLE_COLUMNS =
            "SELECT table_id, dimension, metric_type, partition_tag, version FROM Tables WHERE state <> ? AND ";
    private static final String COLLECTION =
            TABLE_COLUMNS + "table_id = ? AND (owner_table IS NULL OR owner_table = '')";
    private static final String PARTITIONS = TABLE_COLUMNS + "owner_table = ? ORDER BY partition_tag";
    private static final String COLLECTIONS = "SELECT table_id FROM Tables WHERE state <> ?"
            + " AND (owner_table IS NULL OR owner_table = '') ORDER BY table_id";
    private static final String SEGMENTS = "SELECT segment_id, file_type, row_count FROM TableFiles"
            + " WHERE table_id = ? AND file_type IN (?, ?, ?) ORDER BY segment_id, id";

    private final Path file;
    private final Connection connection;

    private Milvus1xMeta(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The collection's default partition first, then its partitions by tag; fails naming what is present. */
    static List<Milvus1xPartition> read(Path file, String collection) throws FormatException {
        if (!Files.isRegularFile(file)) {
            throw new FormatException("no Milvus 1.x SQLite meta: expected " + file.getFileName() + " under "
                    + file.getParent() + " (a MySQL meta is not read)", file, -1);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())) {
            return new Milvus1xMeta(file, connection).partitions(collection);
        } catch (SQLException e) {
            throw new FormatException("cannot read the Milvus 1.x meta: " + e.getMessage(), file, -1, e);
        }
    }

    private List<Milvus1xPartition> partitions(String collection) throws SQLException, FormatException {
        List<Milvus1xPartition> partitions = tables(COLLECTION, collection, true);
        if (partitions.isEmpty()) {
            throw new FormatException("no collection '" + collection + "' in the Milvus 1.x meta; collections: "
                    + collections(), file, -1);
        }
        partitions.addAll(tables(PARTITIONS, collection, false));
        return partitions;
    }

    private List<Milvus1xPartition> tables(String sql, String name, boolean isDefault)
            throws SQLException, FormatException {
        List<Milvus1xPartition> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, TABLE_TO_DELETE);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(table(rows, isDefault));
                }
            }
        }
        return tables;
    }

    private Milvus1xPartition table(ResultSet row, boolean isDefault) throws SQLException, FormatException {
        String tableId = row.getString("table_id");
        int code = row.getInt("metric_type");
        Milvus1xMetric metric = Milvus1xMetric.of(code).orElseThrow(() -> new FormatException("table '" + tableId
                + "' has metric_type " + code + ", expected one of " + Milvus1xMetric.known(), file, -1));
        String tag = isDefault ? Milvus1xSource.DEFAULT_PARTITION : row.getString("partition_tag");
        return new Milvus1xPartition(tag, tableId, row.getInt("dimension"), metric, row.getString("version"),
                segments(tableId));
    }

    private List<Milvus1xPartition.Segment> segments(String tableId) throws SQLException, FormatException {
        List<Milvus1xPartition.Segment> segments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(SEGMENTS)) {
            statement.setString(1, tableId);
            statement.setInt(2, RAW);
            statement.setInt(3, TO_INDEX);
            statement.setInt(4, BACKUP);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String segmentId = rows.getString("segment_id");
                    if (!seen.add(segmentId)) {
                        // Two raw files for one segment directory would read its rows twice.
                        throw new FormatException("table '" + tableId + "' lists segment " + segmentId
                                + " twice among its RAW/TO_INDEX/BACKUP files", file, -1);
                    }
                    segments.add(new Milvus1xPartition.Segment(segmentId, rows.getInt("file_type"),
                            rows.getLong("row_count")));
                }
            }
        }
        return segments;
    }

    private String collections() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLLECTIONS)) {
            statement.setInt(1, TABLE_TO_DELETE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
