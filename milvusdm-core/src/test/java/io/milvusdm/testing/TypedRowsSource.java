package io.milvusdm.testing;

import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import io.milvusdm.pipeline.SourceSchema;
import io.milvusdm.pipeline.Split;
import io.milvusdm.pipeline.VectorBatch;
import io.milvusdm.pipeline.VectorType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code rows} float rows (dimension 8, ids 7 + row) with a field of every scalar type a Milvus 2.x source hands
 * the HDF5 sink: BOOL, INT8..INT64, FLOAT, DOUBLE (NaN and infinities among them), VARCHAR, JSON, ARRAY of each
 * element type (empty and null rows among them), GEOMETRY and TIMESTAMPTZ, nullable fields with nulls, default
 * values, and the dynamic field. Every value is derived from the row ({@link #value}), so that a test can compare what it reads with what
 * was written, row by row.
 */
public final class TypedRowsSource extends GeneratedRowsSource {

    public static final int DIMENSION = 8;

    public static final List<ScalarField> FIELDS = List.of(
            ScalarField.number("flag", ScalarType.BOOL, true),
            ScalarField.number("i8", ScalarType.INT8, false),
            ScalarField.number("i16", ScalarType.INT16, false),
            ScalarField.number("i32", ScalarType.INT32, true).withDefault(7L),
            ScalarField.number("i64", ScalarType.INT64, false),
            ScalarField.number("f", ScalarType.FLOAT, false),
            ScalarField.number("d", ScalarType.DOUBLE, true),
            ScalarField.varchar("s", 32, true).withDefault("none"),
            ScalarField.json("j", false),
            ScalarField.array("ai", ScalarType.INT64, 4, 0, true),
            ScalarField.array("ai8", ScalarType.INT8, 2, 0, false),
            ScalarField.array("af", ScalarType.FLOAT, 3, 0, false),
            ScalarField.array("ad", ScalarType.DOUBLE, 2, 0, false),
            ScalarField.array("ab", ScalarType.BOOL, 3, 0, false),
            ScalarField.array("as_", ScalarType.VARCHAR, 2, 8, false),
            new ScalarField("geo", ScalarType.GEOMETRY, 0, true).withDefault("POINT (0 0)"),
            new ScalarField("ts", ScalarType.TIMESTAMPTZ, 0, false).withDefault(-1L),
            ScalarField.dynamic());

    /** 0001-01-01T00:00:00Z, the first instant Milvus's TIMESTAMPTZ text (RFC 3339) can hold. */
    private static final long FIRST_DAY_MICROS = -62_135_596_800_000_000L;

    private final long rows;
    private final List<ScalarField> fields;

    public TypedRowsSource(long rows) {
        this(rows, FIELDS);
    }

    /**
     * Rows with {@code fields} only: fields named as in {@link #FIELDS}, declared as the caller wants (a field that
     * is not nullable has a value in every row).
     */
    public TypedRowsSource(long rows, List<ScalarField> fields) {
        super("typed", rows, 300);
        this.rows = rows;
        this.fields = List.copyOf(fields);
    }

    public static long id(long row) {
        return 7 + row;
    }

    /**
     * Row {@code row}'s value of {@code field}: null, a Boolean, Long, Double (a FLOAT's float32 widened), String
     * (VARCHAR, JSON text), or a List of element values.
     */
    public static Object value(ScalarField field, long row) {
        int r = (int) row;
        if (field.nullable() && r % 5 == field.name().length() % 5) {
            return null;
        }
        return switch (field.name()) {
            case "flag" -> r % 3 == 0;
            case "i8" -> (long) (r % 256 - 128);
            case "i16" -> (long) (r * 7 - 32768);
            case "i32" -> r * 1000L - 5;
            case "i64" -> r % 2 == 0 ? Long.MIN_VALUE + r : Long.MAX_VALUE - r;
            case "f" -> r % 11 == 4 ? (double) Float.NaN : (double) (float) (Math.sin(r) * r);
            case "d" -> r % 13 == 6 ? Double.NEGATIVE_INFINITY : Math.cos(r) * 1e300;
            case "s" -> "é \"q\" " + r % 17;
            case "j" -> "{\"n\":" + r + ",\"tags\":[\"x\",\"ü\"],\"ok\":" + (r % 2 == 0) + "}";
            case "ai" -> longs(r % 5 == 1 ? 0 : r % 4 + 1, r);
            case "ai8" -> List.of((long) (r % 100), -128L).subList(0, r % 3 == 0 ? 0 : r % 3);
            case "af" -> {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < r % 4; i++) {
                    values.add((double) (float) (0.1 * (r + i)));
                }
                yield values;
            }
            case "ad" -> r % 7 == 0 ? List.of(Double.NaN, 1e-300) : List.of(r / 3.0);
            case "ab" -> List.of(r % 2 == 0, true, false).subList(0, r % 4 == 3 ? 3 : r % 4);
            case "as_" -> List.of("a" + r % 10, "ß").subList(0, r % 3 == 0 ? 0 : r % 3 == 1 ? 1 : 2);
            case "geo" -> r % 2 == 0 ? "POINT (" + r + " -" + r + ".5)" : "POLYGON ((0 0, " + r + " 0, 0 1, 0 0))";
            case "ts" -> r % 3 == 0 ? FIRST_DAY_MICROS + r : 1_700_000_000_123_456L + r * 86_400_000_001L;
            case "$meta" -> r % 2 == 0 ? "{}" : "{\"extra\":" + r + "}";
            default -> throw new IllegalArgumentException(field.name());
        };
    }

    private static List<Object> longs(int count, int r) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(i == 0 ? Long.MAX_VALUE : (long) r * i);
        }
        return values;
    }

    /** Rows {@code [first, first + count)} of {@code field} as the column a Milvus source would produce. */
    public static ScalarColumn column(ScalarField field, long first, int count) {
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = value(field, first + i);
        }
        return ScalarColumns.of(field, values);
    }

    @Override
    public SourceSchema schema() {
        return new SourceSchema(VectorType.FLOAT_VECTOR, DIMENSION, KeyKind.INT64, Optional.of("L2"), rows, fields);
    }

    @Override
    protected VectorBatch batch(Split split, long first, int n) {
        return floatBatch(split, first, n, DIMENSION, TypedRowsSource::id, fields, TypedRowsSource::column);
    }

    /** Builds typed columns from row values and reads them back, for comparisons. */
    public static final class ScalarColumns {

        private ScalarColumns() {
        }

        public static ScalarColumn of(ScalarField field, Object[] values) {
            int rows = values.length;
            boolean[] valid = null;
            if (field.nullable()) {
                valid = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    valid[i] = values[i] != null;
                }
            }
            return switch (field.type()) {
                case BOOL -> {
                    boolean[] out = new boolean[rows];
                    for (int i = 0; i < rows; i++) {
                        out[i] = values[i] != null && (Boolean) values[i];
                    }
                    yield new ScalarColumn.BoolColumn(field.name(), out, valid);
                }
                case INT8, INT16, INT32, INT64, TIMESTAMPTZ -> {
                    long[] out = new long[rows];
                    for (int i = 0; i < rows; i++) {
                        out[i] = values[i] == null ? 0 : (Long) values[i];
                    }
                    yield new ScalarColumn.IntegerColumn(field.name(), field.type(), out, valid);
                }
                case FLOAT, DOUBLE -> {
                    double[] out = new double[rows];
                    for (int i = 0; i < rows; i++) {
                        out[i] = values[i] == null ? 0 : (Double) values[i];
                    }
                    yield new ScalarColumn.FloatingColumn(field.name(), field.type(), out, valid);
                }
                case VARCHAR, GEOMETRY -> {
                    String[] out = new String[rows];
                    for (int i = 0; i < rows; i++) {
                        out[i] = (String) values[i];
                    }
                    yield new ScalarColumn.VarcharColumn(field.name(), field.type(), out);
                }
                case JSON, DYNAMIC -> {
                    byte[][] out = new byte[rows][];
                    for (int i = 0; i < rows; i++) {
                        out[i] = values[i] == null ? null : ((String) values[i]).getBytes(StandardCharsets.UTF_8);
                    }
                    yield new ScalarColumn.JsonColumn(field.name(), field.type(), out);
                }
                case ARRAY -> array(field, values, valid);
                case VECTOR, STRUCT_ARRAY -> throw new IllegalArgumentException("no " + field.type());
            };
        }

        private static ScalarColumn array(ScalarField field, Object[] values, boolean[] valid) {
            List<Object> flat = new ArrayList<>();
            int[] offsets = new int[values.length + 1];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    flat.addAll((List<?>) values[i]);
                }
                offsets[i + 1] = flat.size();
            }
            ScalarField elements = field.elementType() == ScalarType.VARCHAR
                    ? ScalarField.varchar(field.name(), field.maxLength(), false)
                    : ScalarField.number(field.name(), field.elementType(), false);
            return new ScalarColumn.ArrayColumn(field.name(), of(elements, flat.toArray()), offsets, valid);
        }

        /** Row {@code row} of a column as {@link #value} gives it (doubles compared by their bits by equals). */
        public static Object valueAt(ScalarColumn column, int row) {
            if (column.isNull(row)) {
                return null;
            }
            if (column instanceof ScalarColumn.BoolColumn b) {
                return b.values()[row];
            }
            if (column instanceof ScalarColumn.IntegerColumn n) {
                return n.values()[row];
            }
            if (column instanceof ScalarColumn.FloatingColumn d) {
                return d.values()[row];
            }
            if (column instanceof ScalarColumn.VarcharColumn s) {
                return s.values()[row];
            }
            if (column instanceof ScalarColumn.JsonColumn j) {
                return new String(j.values()[row], StandardCharsets.UTF_8);
            }
            ScalarColumn.ArrayColumn a = (ScalarColumn.ArrayColumn) column;
            List<Object> elements = new ArrayList<>();
            for (int i = a.offsets()[row]; i < a.offsets()[row + 1]; i++) {
                elements.add(valueAt(a.elements(), i));
            }
            return elements;
        }
    }
}
