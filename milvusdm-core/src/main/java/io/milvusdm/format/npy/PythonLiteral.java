package io.milvusdm.format.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal of a {@code .npy} header: a dict of string keys whose values are strings,
 * {@code True}/{@code False}, integers (Python 2's {@code 10L} too), tuples and lists. That is all
 * {@code numpy.lib.format} writes; anything else is an error with the position where parsing stopped.
 * Values come back as {@code String}, {@code Boolean}, {@code Long}, {@code List<Object>} and
 * {@code Map<String, Object>}.
 */
final class PythonLiteral {

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** Thrown for text that is not such a literal; the message says where and what. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    /** The dict the text holds; trailing whitespace (numpy's padding) is allowed. */
    static Map<String, Object> parseDict(String text) throws SyntaxError {
        PythonLiteral parser = new PythonLiteral(text);
        parser.skipSpace();
        if (!parser.peek('{')) {
            throw parser.error("expected '{'");
        }
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the dict");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value;
        return dict;
    }

    private Object value() throws SyntaxError {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dict();
            case '(' -> sequence('(', ')');
            case '[' -> sequence('[', ']');
            case '\'', '"' -> string();
            default -> Character.isDigit(c) || c == '-' ? integer() : word();
        };
    }

    private Map<String, Object> dict() throws SyntaxError {
        Map<String, Object> dict = new LinkedHashMap<>();
        pos++;
        while (true) {
            skipSpace();
            if (consume('}')) {
                return dict;
            }
            Object key = value();
            if (!(key instanceof String name)) {
                throw error("dict keys must be strings");
            }
            skipSpace();
            if (!consume(':')) {
                throw error("expected ':' after key '" + name + "'");
            }
            dict.put(name, value());
            skipSpace();
            if (!consume(',') && !peek('}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char open, char close) throws SyntaxError {
        List<Object> items = new ArrayList<>();
        pos++;
        while (true) {
            skipSpace();
            if (consume(close)) {
                return items;
            }
            items.add(value());
            skipSpace();
            if (!consume(',') && !peek(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() throws SyntaxError {
        char quote = text.charAt(pos++);
        int end = text.indexOf(quote, pos);
        if (end < 0) {
            throw error("unterminated string");
        }
        String s = text.substring(pos, end);
        pos = end + 1;
        return s;
    }

    private Long integer() throws SyntaxError {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            long value = Long.parseLong(text.substring(start, pos));
            if (peek('L')) {
                pos++; // Python 2 wrote long integers as 10L
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("integer out of range: " + text.substring(start, pos));
        }
    }

    private Boolean word() throws SyntaxError {
        for (String word : new String[] {"True", "False"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("True");
            }
        }
        throw error("unexpected character '" + text.charAt(pos) + "'");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean consume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private SyntaxError error(String what) {
        return new SyntaxError(what + " at header character " + pos);
    }
}
