package io.milvusdm.format.langchain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python object as {@link SafeUnpickler} leaves it: its class name and the state dict the pickle gave it. Nothing
 * of the class is run or looked up; a class outside {@link SafeUnpickler#KNOWN_CLASSES} keeps its name only, so
 * that the caller can say what it found where.
 */
final class PickledObject {

    private final String className;
    private final boolean known;
    private final Map<Object, Object> state = new LinkedHashMap<>();

    PickledObject(String className, boolean known) {
        this.className = className;
        this.known = known;
    }

    /** "module.Name", as the pickle names the class. */
    String className() {
        return className;
    }

    /** Whether the class is one the reader expects in a LangChain store. */
    boolean known() {
        return known;
    }

    /** The attributes the pickle set (BUILD), by name. */
    Map<Object, Object> state() {
        return state;
    }

    @Override
    public String toString() {
        return className;
    }
}
