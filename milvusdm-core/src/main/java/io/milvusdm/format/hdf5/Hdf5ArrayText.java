package io.milvusdm.format.hdf5;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.milvusdm.pipeline.ScalarColumn;
import io.milvusdm.pipeline.ScalarType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * ARRAY values as the JSON text an HDF5 string dataset holds, one row a JSON array (see {@link Hdf5ScalarSchema}),
 * and back. jhdf writes no variable-length numeric datasets (its VariableLength type has no writer), so text is
 * the form both h5py ({@code json.loads}) and milvusdm read. FLOAT elements are written as float32's shortest
 * decimal and DOUBLE as float64's, so that reading them back gives the same bits; NaN and the infinities are
 * written bare, as Python's {@code json} does.
 */
public final class Hdf5ArrayText {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** Row {@code row}'s elements as UTF-8 JSON text; an empty array for a null row. Not thread-safe. */
    public byte[] encode(ScalarColumn.ArrayColumn column, int row) {
        buffer.reset();
        try (JsonGenerator out = FACTORY.createGenerator(buffer)) {
            out.writeStartArray();
            ScalarColumn elements = column.elements();
            int from = column.isNull(row) ? 0 : column.offsets()[row];
            int to = column.isNull(row) ? 0 : column.offsets()[row + 1];
            for (int i = from; i < to; i++) {
                if (elements instanceof ScalarColumn.BoolColumn bools) {
                    out.writeBoolean(bools.values()[i]);
                } else if (elements instanceof ScalarColumn.IntegerColumn ints) {
                    out.writeNumber(ints.values()[i]);
                } else if (elements instanceof ScalarColumn.FloatingColumn floats) {
                    if (floats.type() == ScalarType.FLOAT) {
                        out.writeNumber((float) floats.values()[i]);
                    } else {
                        out.writeNumber(floats.values()[i]);
                    }
                } else {
                    out.writeString(((ScalarColumn.VarcharColumn) elements).values()[i]);
                }
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON into memory failed", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Rows of JSON arrays as an ARRAY column.
     *
     * @param texts each row's UTF-8 JSON text, or null for a null row
     * @param valid the rows' valid flags, or null when no row is null
     * @throws IllegalArgumentException naming the row when a text is not a JSON array of {@code elementType}
     */
    public static ScalarColumn.ArrayColumn decode(String name, ScalarType elementType, byte[][] texts, boolean[] valid) {
        Elements elements = new Elements(elementType, texts.length);
        int[] offsets = new int[texts.length + 1];
        for (int row = 0; row < texts.length; row++) {
            if (texts[row] != null) {
                try {
                    parseRow(texts[row], elements);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("row " + row + ": expected a JSON array of " + elementType
                            + " values, found '" + new String(texts[row], java.nio.charset.StandardCharsets.UTF_8)
                            + "' (" + e.getMessage() + ")", e);
                }
            }
            offsets[row + 1] = elements.size;
        }
        return new ScalarColumn.ArrayColumn(name, elements.column(name), offsets, valid);
    }

    private static void parseRow(byte[] text, Elements elements) throws IOException {
        try (JsonParser in = FACTORY.createParser(text)) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not an array");
            }
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
                if (token == null) {
                    throw new IllegalArgumentException("the array is not closed");
                }
                elements.add(in, token);
            }
            if (in.nextToken() != null) {
                throw new IllegalArgumentException("text after the array");
            }
        }
    }

    /** Elements of one type, growing as rows are parsed. */
    private static final class Elements {
        private final ScalarType type;
        private boolean[] bools = new boolean[0];
        private long[] longs = new long[0];
        private double[] doubles = new double[0];
        private String[] strings = new String[0];
        private int size;

        Elements(ScalarType type, int expected) {
            this.type = type;
            grow(Math.max(16, expected));
        }

        void add(JsonParser in, JsonToken token) throws IOException {
            if (size == capacity()) {
                grow(2 * size);
            }
            switch (type) {
                case BOOL -> {
                    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                        throw new IllegalArgumentException("element " + in.getText() + " is no boolean");
                    }
                    bools[size] = token == JsonToken.VALUE_TRUE;
                }
                case INT8, INT16, INT32, INT64 -> {
                    if (token != JsonToken.VALUE_NUMBER_INT) {
                        throw new IllegalArgumentException("element " + in.getText() + " is no integer");
                    }
                    longs[size] = in.getLongValue();
                }
                case FLOAT, DOUBLE -> {
                    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw new IllegalArgumentException("element " + in.getText() + " is no number");
                    }
                    // a FLOAT is parsed as a float, not rounded twice through a double
                    doubles[size] = type == ScalarType.FLOAT ? Float.parseFloat(in.getText()) : in.getDoubleValue();
                }
                case VARCHAR -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("element " + in.getText() + " is no string");
                    }
                    strings[size] = in.getText();
                }
                default -> throw new IllegalArgumentException(type + " is no array element type");
            }
            size++;
        }

        private int capacity() {
            return switch (type) {
                case BOOL -> bools.length;
                case INT8, INT16, INT32, INT64 -> longs.length;
                case FLOAT, DOUBLE -> doubles.length;
                default -> strings.length;
            };
        }

        private void grow(int capacity) {
            switch (type) {
                case BOOL -> bools = Arrays.copyOf(bools, capacity);
                case INT8, INT16, INT32, INT64 -> longs = Arrays.copyOf(longs, capacity);
                case FLOAT, DOUBLE -> doubles = Arrays.copyOf(doubles, capacity);
                default -> strings = Arrays.copyOf(strings, capacity);
            }
        }

        ScalarColumn column(String name) {
            return switch (type) {
                case BOOL -> new ScalarColumn.BoolColumn(name, Arrays.copyOf(bools, size), null);
                case INT8, INT16, INT32, INT64 -> new ScalarColumn.IntegerColumn(name, type, Arrays.copyOf(longs, size),
                        null);
                case FLOAT, DOUBLE -> new ScalarColumn.FloatingColumn(name, type, Arrays.copyOf(doubles, size), null);
                default -> new ScalarColumn.VarcharColumn(name, Arrays.copyOf(strings, size));
            };
        }
    }
}
