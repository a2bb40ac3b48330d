package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ByteVectors;
import io.milvusdm.pipeline.FloatVectors;
import io.milvusdm.pipeline.KeyKind;
import io.milvusdm.pipeline.PrimaryKeys;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.VectorColumn;
import io.milvusdm.pipeline.VectorType;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles the rows parquet-java decodes straight into a batch's primitive arrays (keys, flat vectors, scalar
 * columns), with no object per row, and checks each row as it ends: a key present, exactly {@code listLength}
 * vector elements, no null where the field is not nullable.
 *
 * <p>With {@code listLength} 0 it only probes: it records how many elements the first row's vector has.
 */
final class RowAssembler extends RecordMaterializer<Void> {

    /** A row that breaks the expectations; the reader adds the file and row. */
    static final class BadRowException extends RuntimeException {
        BadRowException(String message) {
            super(message);
        }
    }

    private final KeyKind keyKind;
    private final VectorType vectorType;
    private final String vectorField;
    private final int listLength;
    private final List<ScalarBuffer> scalars = new ArrayList<>();
    private final GroupConverter root;

    private long[] longKeys;
    private String[] stringKeys;
    private float[] floats;
    private byte[] bytes;
    private int row;
    private int elements;
    private boolean keySeen;
    private long keyBytes;
    private int probedLength = -1;

    RowAssembler(ParquetColumns columns, String vectorField, int listLength) {
        this.keyKind = columns.keyKind();
        this.vectorType = columns.vectorType();
        this.vectorField = vectorField;
        this.listLength = listLength;
        List<Converter> children = new ArrayList<>();
        if (keyKind != KeyKind.NONE) {
            children.add(new KeyConverter());
        }
        children.add(new ListConverter(columns.twoLevelList()));
        int column = children.size();
        for (ScalarField field : columns.scalarFields()) {
            ScalarBuffer buffer = ScalarBuffer.of(field, columns.projection().getType(column++));
            scalars.add(buffer);
            children.add(buffer.converter());
        }
        this.root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children.get(fieldIndex);
            }

            @Override
            public void start() {
                elements = 0;
                keySeen = false;
            }

            @Override
            public void end() {
                endRow();
            }
        };
    }

    /** Starts a batch of at most {@code capacity} rows. */
    void reset(int capacity) {
        row = 0;
        keyBytes = 0;
        switch (keyKind) {
            case INT64 -> longKeys = new long[capacity];
            case VARCHAR -> stringKeys = new String[capacity];
            case NONE -> { }
        }
        if (listLength > 0) {
            if (vectorType == VectorType.FLOAT_VECTOR) {
                floats = new float[Math.multiplyExact(capacity, listLength)];
            } else {
                bytes = new byte[Math.multiplyExact(capacity, listLength)];
            }
        }
        for (ScalarBuffer scalar : scalars) {
            scalar.reset(capacity);
        }
    }

    int rows() {
        return row;
    }

    /** Variable-size bytes collected so far in this batch: string keys and scalar values. */
    long variableBytes() {
        long total = keyBytes;
        for (ScalarBuffer scalar : scalars) {
            total += scalar.bytes();
        }
        return total;
    }

    /** The vector length of the first row read in probe mode, or -1. */
    int probedLength() {
        return probedLength;
    }

    PrimaryKeys keys() {
        return switch (keyKind) {
            case INT64 -> new PrimaryKeys.Int64Keys(row == longKeys.length ? longKeys : Arrays.copyOf(longKeys, row));
            case VARCHAR -> new PrimaryKeys.VarcharKeys(row == stringKeys.length ? stringKeys
                    : Arrays.copyOf(stringKeys, row));
            case NONE -> null;
        };
    }

    VectorColumn vectors(int dimension) {
        int length = row * listLength;
        if (vectorType == VectorType.FLOAT_VECTOR) {
            return new FloatVectors(dimension, length == floats.length ? floats : Arrays.copyOf(floats, length));
        }
        return new ByteVectors(vectorType, dimension, length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    List<ScalarColumn> scalarColumns() {
        List<ScalarColumn> columns = new ArrayList<>(scalars.size());
        for (ScalarBuffer scalar : scalars) {
            columns.add(scalar.column());
        }
        return columns;
    }

    @Override
    public Void getCurrentRecord() {
        return null;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private void endRow() {
        if (listLength == 0) {
            if (probedLength < 0) {
                probedLength = elements;
            }
            return;
        }
        if (keyKind != KeyKind.NONE && !keySeen) {
            throw new BadRowException("the primary key is null");
        }
        if (elements != listLength) {
            throw new BadRowException(elements == 0
                    ? "the vector in column '" + vectorField + "' is null or empty, expected " + listLength + " values"
                    : "the vector in column '" + vectorField + "' has " + elements + " values, expected " + listLength
                            + " (the first row's length; a null element also shortens a vector)");
        }
        for (ScalarBuffer scalar : scalars) {
            if (scalar.endRow() && !scalar.field.nullable()) {
                throw new BadRowException("column '" + scalar.field.name() + "' is null, but the field "
                        + scalar.field.describe() + " is not nullable");
            }
        }
        row++;
    }

    private final class KeyConverter extends PrimitiveConverter {
        @Override
        public void addLong(long value) {
            longKeys[row] = value;
            keySeen = true;
        }

        @Override
        public void addBinary(Binary value) {
            stringKeys[row] = value.toStringUsingUTF8();
            keyBytes += value.length();
            keySeen = true;
        }
    }

    /** The LIST group; its one child is the repeated group (3-level) or the repeated element itself (2-level). */
    private final class ListConverter extends GroupConverter {
        private final Converter child;

        ListConverter(boolean twoLevel) {
            ElementConverter element = new ElementConverter();
            this.child = twoLevel ? element : new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return element;
                }

                @Override
                public void start() {
                }

                @Override
                public void end() {
                }
            };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return child;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    private final class ElementConverter extends PrimitiveConverter {
        @Override
        public void addFloat(float value) {
            if (elements < listLength) {
                floats[row * listLength + elements] = value;
            }
            elements++;
        }

        @Override
        public void addInt(int value) {
            if (elements < listLength) {
                bytes[row * listLength + elements] = (byte) value;
            }
            elements++;
        }
    }
}
