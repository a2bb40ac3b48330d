package io.milvusdm.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over {@code database.collection} names, as job files write them: {@code default.books},
 * {@code shop.*}, {@code *.coll_*}, or a bare {@code coll_*} for the source's default database. {@code *} matches
 * any run of characters, {@code ?} one; nothing else is special (Milvus names hold letters, digits, underscores).
 *
 * @param text the pattern as written
 * @param database the database part
 * @param collection the collection part
 */
public record NamePattern(String text, String database, String collection) {

    public NamePattern {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collection, "collection");
    }

    /** Parses {@code db.collection}, or {@code collection} in {@code defaultDatabase}. */
    public static NamePattern parse(String text, String defaultDatabase) {
        int dot = text.indexOf('.');
        return dot < 0 ? new NamePattern(text, defaultDatabase, text)
                : new NamePattern(text, text.substring(0, dot), text.substring(dot + 1));
    }

    public boolean matches(String db, String name) {
        return glob(database).matcher(db).matches() && glob(collection).matcher(name).matches();
    }

    /** Whether the database part names one database, without wildcards. */
    public boolean exactDatabase() {
        return !database.contains("*") && !database.contains("?");
    }

    /** Whether the pattern names one collection, without wildcards: it must then exist. */
    public boolean exact() {
        return exactDatabase() && !collection.contains("*") && !collection.contains("?");
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
