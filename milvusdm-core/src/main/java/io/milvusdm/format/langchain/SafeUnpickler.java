package io.milvusdm.format.langchain;

import io.milvusdm.format.FormatException;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pyrolite's unpickler with every opcode that names a class taken over, so that unpickling an untrusted file
 * builds plain data and never runs or instantiates anything.
 *
 * <p>Why: a pickle names classes and functions ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST}) and then calls
 * them ({@code REDUCE}, {@code NEWOBJ}, {@code OBJ}) or calls their {@code __setstate__} ({@code BUILD}); Python's
 * own unpickler runs whatever they name, which is how a pickle executes code. Pyrolite runs no Python, but looks
 * names up in a static registry of Java constructors (some reflective, such as {@code AnyClassConstructor}) and
 * invokes {@code __setstate__} by reflection. Here none of that is reached:
 * <ul>
 *   <li>a class name resolves to an inert {@link PickledObject} (known or not), or for {@code builtins.set} and
 *       {@code builtins.frozenset} to a {@link HashSet}; the registry is never consulted, so no Java class is
 *       instantiated by name, and calling the name only records it, whatever the arguments;</li>
 *   <li>{@code BUILD} stores a dict state into the {@link PickledObject} directly, with no reflection, and refuses
 *       any other target;</li>
 *   <li>persistent ids and extension codes stay refused, as Pyrolite refuses them.</li>
 * </ul>
 * Dicts keep their insertion order (Python's), so metadata keeps its key order. Every length prefix is checked
 * against the bytes left before anything is allocated: a corrupt length fails instead of exhausting memory.
 * Not thread-safe: one instance per file.
 */
final class SafeUnpickler extends Unpickler {

    /** The classes a LangChain FAISS store pickles, older LangChain's module paths included. */
    static final Set<String> KNOWN_CLASSES = Set.of(
            "langchain_community.docstore.in_memory.InMemoryDocstore",
            "langchain_core.documents.base.Document",
            // langchain < 0.1 defined them in the langchain package itself
            "langchain.docstore.in_memory.InMemoryDocstore",
            "langchain.schema.document.Document");

    private static final Set<String> SETS = Set.of("builtins.set", "builtins.frozenset", "__builtin__.set",
            "__builtin__.frozenset");

    private final ByteArrayInputStream bytes;
    private final int length;

    private SafeUnpickler(byte[] data) {
        this.bytes = new ByteArrayInputStream(data);
        this.length = data.length;
    }

    /**
     * Unpickles {@code data}, read from {@code file}.
     *
     * @throws FormatException naming the file and the offset when the pickle is truncated or corrupt
     */
    static Object load(Path file, byte[] data) throws FormatException {
        SafeUnpickler unpickler = new SafeUnpickler(data);
        try {
            return unpickler.load(unpickler.bytes);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new FormatException("not a readable pickle (" + reason + ")", file, unpickler.position(), e);
        } finally {
            unpickler.close();
        }
    }

    private long position() {
        return length - bytes.available();
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> stack.add(resolve(PickleUtils.readline(input), PickleUtils.readline(input)));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL needs two strings, found " + module + " and " + name);
                }
                stack.add(resolve(m, n));
            }
            case Opcodes.INST -> {
                IObjectConstructor constructor = resolve(PickleUtils.readline(input), PickleUtils.readline(input));
                stack.add(constructor.construct(stack.pop_all_since_marker().toArray()));
            }
            case Opcodes.BUILD -> build(stack.pop(), stack.peek());
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, stack.pop_all_since_marker());
                stack.add(dict);
            }
            case Opcodes.SETITEMS -> {
                List<Object> pairs = stack.pop_all_since_marker();
                putPairs(dictOnStack(), pairs);
            }
            case Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.BINSTRING, Opcodes.LONG4 -> {
                checkLength(4);
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                checkLength(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** What a pickled class or function name becomes: an inert recorder of the name, or a set builder. */
    private static IObjectConstructor resolve(String module, String name) {
        String qualified = module + "." + name;
        if (SETS.contains(qualified)) {
            return args -> args.length == 0 ? new HashSet<>() : new HashSet<>(asCollection(qualified, args[0]));
        }
        boolean known = KNOWN_CLASSES.contains(qualified);
        return args -> new PickledObject(qualified, known);
    }

    private static java.util.Collection<?> asCollection(String qualified, Object arg) {
        if (arg instanceof java.util.Collection<?> collection) {
            return collection;
        }
        if (arg instanceof Object[] tuple) {
            return List.of(tuple);
        }
        throw new PickleException(qualified + " built from " + (arg == null ? "None" : arg.getClass().getSimpleName()));
    }

    private static void build(Object state, Object target) {
        if (!(target instanceof PickledObject object)) {
            throw new PickleException("BUILD on " + (target == null ? "None" : target.getClass().getSimpleName())
                    + ", which is no pickled object");
        }
        if (state instanceof Map<?, ?> dict) {
            object.state().putAll(dict);
        } else if (object.known()) {
            throw new PickleException("the state of " + object.className() + " is not a dict");
        }
        // an unknown object's state is dropped: the caller refuses the object itself, by its class name
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnStack() {
        Object top = stack.peek();
        if (!(top instanceof Map<?, ?>)) {
            throw new PickleException("SETITEMS on " + (top == null ? "None" : top.getClass().getSimpleName()));
        }
        return (Map<Object, Object>) top;
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new PickleException("odd number of items (" + pairs.size() + ") for a dict");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(pairs.get(i), pairs.get(i + 1));
        }
    }

    /** Refuses a little-endian length prefix of {@code width} bytes that is negative or past the end. */
    private void checkLength(int width) throws IOException {
        bytes.mark(width);
        byte[] prefix = bytes.readNBytes(width);
        bytes.reset();
        if (prefix.length < width) {
            throw new IOException("premature end of file in a length");
        }
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | (prefix[i] & 0xFF);
        }
        long left = bytes.available() - (long) width;
        if (width == 4) {
            value = (int) value;
        }
        if (value < 0 || value > left) {
            throw new IOException("length " + value + " at offset 0x" + Long.toHexString(position())
                    + " runs past the end (" + left + " bytes left)");
        }
    }
}
