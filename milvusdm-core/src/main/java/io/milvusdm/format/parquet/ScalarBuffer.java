package io.milvusdm.format.parquet;

import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarField;
import io.milvusdm.pipeline.ScalarType;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.Type;

import java.util.Arrays;

/**
 * Collects one scalar column of a batch as parquet-java hands its values over: a value a row
 * ({@link RowBuffer}), or for an ARRAY field a list a row ({@link ArrayBuffer}), each into a store of its type
 * ({@link ScalarStore}). parquet-java calls no converter for a null, so a row that ends without a value is null.
 */
abstract class ScalarBuffer {

    final ScalarField field;

    ScalarBuffer(ScalarField field) {
        this.field = field;
    }

    /**
     * The buffer of a field read from {@code column}, which {@link ParquetColumns} checked: a list column for an
     * ARRAY field (3-level, or the legacy 2-level form), else a primitive one.
     */
    static ScalarBuffer of(ScalarField field, Type column) {
        if (field.type() == ScalarType.ARRAY) {
            boolean twoLevel = column.asGroupType().getType(0).isPrimitive();
            return new ArrayBuffer(field, ScalarStore.of(field.elementType()), twoLevel);
        }
        return new RowBuffer(field, ScalarStore.of(field.type()));
    }

    /** What parquet-java feeds the column's values to. */
    abstract Converter converter();

    /** Starts a batch of at most {@code capacity} rows. */
    abstract void reset(int capacity);

    /**
     * Ends the current row.
     *
     * @return whether the row had no value (a null)
     */
    abstract boolean endRow();

    /** Variable-size bytes collected in this batch (strings, list elements), for the batch's byte bound. */
    abstract long bytes();

    /** The column of the batch's rows. */
    abstract ScalarColumn column();

    /** A column of one value a row; a null row gets a placeholder slot in the store. */
    private static final class RowBuffer extends ScalarBuffer {
        private final ScalarStore values;
        private boolean[] valid;
        private int rows;
        private boolean anyNull;

        RowBuffer(ScalarField field, ScalarStore values) {
            super(field);
            this.values = values;
        }

        @Override
        Converter converter() {
            return values;
        }

        @Override
        void reset(int capacity) {
            values.reset(capacity);
            valid = new boolean[capacity];
            rows = 0;
            anyNull = false;
        }

        @Override
        boolean endRow() {
            boolean isNull = values.size() == rows;
            if (isNull) {
                values.addPlaceholder();
                anyNull = true;
            }
            valid[rows++] = !isNull;
            return isNull;
        }

        @Override
        long bytes() {
            return values.bytes();
        }

        @Override
        ScalarColumn column() {
            return values.column(field.name(), field.type(), anyNull ? Arrays.copyOf(valid, rows) : null);
        }
    }

    /**
     * A column of one list a row: the list group is entered for an empty list too, not for a null one; its repeated
     * group once an element, which must hold a value (Milvus's import refuses null elements as well).
     */
    private static final class ArrayBuffer extends ScalarBuffer {
        private final ScalarStore elements;
        private final GroupConverter list;
        private int[] offsets;
        private boolean[] valid;
        private int rows;
        private boolean present;
        private boolean anyNull;

        ArrayBuffer(ScalarField field, ScalarStore elements, boolean twoLevel) {
            super(field);
            this.elements = elements;
            Converter child = twoLevel ? elements : new GroupConverter() {
                private int before;

                @Override
                public Converter getConverter(int fieldIndex) {
                    return elements;
                }

                @Override
                public void start() {
                    before = elements.size();
                }

                @Override
                public void end() {
                    if (elements.size() == before) {
                        throw new RowAssembler.BadRowException("ARRAY field '" + field.name() + "' has a null"
                                + " element; Milvus arrays hold values only");
                    }
                }
            };
            this.list = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return child;
                }

                @Override
                public void start() {
                    present = true;
                }

                @Override
                public void end() {
                }
            };
        }

        @Override
        Converter converter() {
            return list;
        }

        @Override
        void reset(int capacity) {
            elements.reset(capacity);
            offsets = new int[capacity + 1];
            valid = new boolean[capacity];
            rows = 0;
            present = false;
            anyNull = false;
        }

        @Override
        boolean endRow() {
            boolean isNull = !present;
            present = false;
            anyNull |= isNull;
            valid[rows] = !isNull;
            offsets[++rows] = elements.size();
            return isNull;
        }

        @Override
        long bytes() {
            return elements.bytes() + 4L * rows;
        }

        @Override
        ScalarColumn column() {
            return new ScalarColumn.ArrayColumn(field.name(),
                    elements.column(field.name(), field.elementType(), null),
                    Arrays.copyOf(offsets, rows + 1), anyNull ? Arrays.copyOf(valid, rows) : null);
        }
    }
}
