package io.milvusdm.format.milvus1x;

import io.milvusdm.format.FormatException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
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
import java.util.Properties;
import java.util.Set;

/**
 * Reads a collection's partitions and raw segments from the meta of Milvus 0.10/1.x, read-only: the SQLite file
 * ({@code db/meta.sqlite}) or a MySQL/MariaDB database holding the same tables (through the MariaDB JDBC driver,
 * which speaks to both). Tables in state 1 (TO_DELETE: dropped, not yet purged) are not there for us. Of
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

    /** Seconds to wait for a MySQL server to accept the connection, and for any one answer. */
    private static final int MYSQL_CONNECT_SECONDS = 10;
    private static final int MYSQL_ANSWER_SECONDS = 60;

    private final Milvus1xMetaStore store;
    private final Connection connection;

    private Milvus1xMeta(Milvus1xMetaStore store, Connection connection) {
        this.store = store;
        this.connection = connection;
    }

    /** The collection's default partition first, then its partitions by tag; fails naming what is present. */
    static List<Milvus1xPartition> read(Milvus1xMetaStore store, String collection) throws IOException {
        try (Connection connection = connect(store)) {
            return new Milvus1xMeta(store, connection).partitions(collection);
        } catch (SQLException e) {
            throw error(store, "cannot read the Milvus 1.x meta: " + e.getMessage());
        }
    }

    private static Connection connect(Milvus1xMetaStore store) throws IOException {
        if (store instanceof Milvus1xMetaStore.Sqlite sqlite) {
            Path file = sqlite.file();
            if (!Files.isRegularFile(file)) {
                throw new FormatException("no Milvus 1.x SQLite meta: expected " + file.getFileName() + " under "
                        + file.getParent() + " (for a MySQL meta, set mysql_parameter)", file, -1);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.READONLY);
            try {
                return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            } catch (SQLException e) {
                throw new FormatException("cannot open the Milvus 1.x meta: " + e.getMessage(), file, -1, e);
            }
        }
        Milvus1xMetaStore.MySql mysql = (Milvus1xMetaStore.MySql) store;
        Properties properties = new Properties();
        properties.setProperty("user", mysql.user());
        if (mysql.password() != null) {
            properties.setProperty("password", mysql.password());
        }
        properties.setProperty("connectTimeout", String.valueOf(MYSQL_CONNECT_SECONDS * 1000));
        properties.setProperty("socketTimeout", String.valueOf(MYSQL_ANSWER_SECONDS * 1000));
        try {
            Connection connection = DriverManager.getConnection(mysql.jdbcUrl(), properties);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            // Driver messages name the user and host, not the password; scrub it all the same, and keep the
            // driver's exception (and its stack of socket details) out of the chain a user sees.
            throw new MetaException("cannot connect to the Milvus 1.x MySQL meta at " + mysql.host() + ":"
                    + mysql.port() + "/" + mysql.database() + ": " + scrub(e.getMessage(), mysql), store);
        }
    }

    private static String scrub(String message, Milvus1xMetaStore.MySql mysql) {
        String text = message == null ? "no message from the driver" : message;
        String password = mysql.password();
        return password == null || password.length() < 3 ? text : text.replace(password, "***");
    }

    /** An error about the meta's content: a {@link FormatException} naming the SQLite file, or a {@link MetaException}. */
    static IOException error(Milvus1xMetaStore store, String message) {
        if (store instanceof Milvus1xMetaStore.Sqlite sqlite) {
            return new FormatException(message, sqlite.file(), -1);
        }
        Milvus1xMetaStore.MySql mysql = (Milvus1xMetaStore.MySql) store;
        return new MetaException(scrub(message, mysql), store);
    }

    private List<Milvus1xPartition> partitions(String collection) throws SQLException, IOException {
        List<Milvus1xPartition> partitions = tables(COLLECTION, collection, true);
        if (partitions.isEmpty()) {
            throw error(store, "no collection '" + collection + "' in the Milvus 1.x meta; collections: "
                    + collections());
        }
        partitions.addAll(tables(PARTITIONS, collection, false));
        return partitions;
    }

    private List<Milvus1xPartition> tables(String sql, String name, boolean isDefault)
            throws SQLException, IOException {
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

    private Milvus1xPartition table(ResultSet row, boolean isDefault) throws SQLException, IOException {
        String tableId = row.getString("table_id");
        int code = row.getInt("metric_type");
        Milvus1xMetric metric = Milvus1xMetric.of(code).orElseThrow(() -> error(store, "table '" + tableId
                + "' has metric_type " + code + ", expected one of " + Milvus1xMetric.known()));
        String tag = isDefault ? Milvus1xSource.DEFAULT_PARTITION : row.getString("partition_tag");
        return new Milvus1xPartition(tag, tableId, row.getInt("dimension"), metric, row.getString("version"),
                segments(tableId));
    }

    private List<Milvus1xPartition.Segment> segments(String tableId) throws SQLException, IOException {
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
                        throw error(store, "table '" + tableId + "' lists segment " + segmentId
                                + " twice among its RAW/TO_INDEX/BACKUP files");
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
