package io.milvusdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.format.faiss.FaissDescription;
import io.milvusdm.format.faiss.FaissIndexFile;
import io.milvusdm.format.faiss.FaissNode;
import io.milvusdm.format.faiss.IdOrigin;
import io.milvusdm.format.faiss.Recovery;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code milvusdm inspect FILE}: what a Faiss index file holds and whether its vectors can be migrated. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Shows a Faiss index file's tree of indexes (type, d, ntotal, metric, nlist, code type),"
                + " whether its vectors come out exact, decoded (with the expected error) or not at all, and where"
                + " their ids come from. Reads no vector.",
        footer = {"", "Exit codes: 0 the file was read, 1 it is corrupt or of a type milvusdm does not read,"
                + " 2 bad usage."})
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A Faiss index file, or a LangChain FAISS store's folder (its"
            + " index.faiss is shown).")
    Path file;

    @Option(names = "--json", description = "Print the description as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path index = Files.isDirectory(file) ? file.resolve("index.faiss") : file;
        FaissDescription description = FaissIndexFile.read(index).describe();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(description) : text(description));
        out.flush();
        return ExitCodes.OK;
    }

    static String text(FaissDescription d) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "file: %s (%,d bytes)%n", d.file(), d.fileSize()));
        appendNode(b, d.root(), "", "");
        b.append("vectors: ").append(recovery(d.recovery())).append('\n');
        b.append("ids: ").append(ids(d.ids()));
        return b.toString();
    }

    private static void appendNode(StringBuilder b, FaissNode node, String firstPrefix, String prefix) {
        b.append(firstPrefix).append(node.fourcc()).append("  ").append(node.faissClass())
                .append(String.format(Locale.ROOT, "  d=%d ntotal=%,d metric=%s", node.d(), node.ntotal(), node.metric()));
        if (node.metricArg() != 0) {
            b.append(" metric_arg=").append(node.metricArg());
        }
        node.nlist().ifPresent(n -> b.append(" nlist=").append(n));
        if (node.codeType() != null) {
            b.append(" code=").append(node.codeType()).append(" (").append(node.codeSize()).append(" B)");
        }
        if (node.directMap() != null) {
            b.append(" direct_map=").append(node.directMap());
        }
        if (node.listEncoding() != null) {
            b.append(" lists=").append(node.listEncoding());
        }
        b.append('\n');
        for (int i = 0; i < node.children().size(); i++) {
            boolean last = i == node.children().size() - 1;
            appendNode(b, node.children().get(i), prefix + (last ? "└─ " : "├─ "), prefix + (last ? "   " : "│  "));
        }
    }

    static String recovery(Recovery recovery) {
        if (recovery instanceof Recovery.Exact) {
            return "exact (stored as they were added; read bit for bit)";
        }
        if (recovery instanceof Recovery.Decoded decoded) {
            return "decoded from " + decoded.codec() + " codes ("
                    + (decoded.lossy() ? "lossy: " : "not lossy: ") + decoded.expectedError().text()
                    + (decoded.lossy() ? "; F2M needs allow_lossy: true)" : ")");
        }
        return "not recoverable: " + ((Recovery.None) recovery).reason();
    }

    static String ids(IdOrigin origin) {
        return switch (origin) {
            case ID_MAP -> "from the id map";
            case IVF_LISTS -> "stored in the inverted lists";
            case POSITIONAL -> "none stored: the i-th vector added has id i (0..ntotal-1)";
        };
    }

    static String toJson(FaissDescription d) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("file", d.file().toString());
        root.put("fileSize", d.fileSize());
        root.set("index", nodeJson(mapper, d.root()));
        ObjectNode recovery = root.putObject("vectors");
        if (d.recovery() instanceof Recovery.Exact) {
            recovery.put("recovery", "exact");
        } else if (d.recovery() instanceof Recovery.Decoded decoded) {
            recovery.put("recovery", "decoded");
            recovery.put("codec", decoded.codec());
            recovery.put("lossy", decoded.lossy());
            decoded.expectedError().absolute().ifPresent(a -> recovery.put("expectedAbsoluteError", a));
            recovery.put("expectedRelativeError", decoded.expectedError().relative());
            recovery.put("expectedError", decoded.expectedError().text());
        } else {
            recovery.put("recovery", "none");
            recovery.put("reason", ((Recovery.None) d.recovery()).reason());
        }
        root.put("ids", d.ids().name().toLowerCase(Locale.ROOT));
        return root.toString();
    }

    private static ObjectNode nodeJson(ObjectMapper mapper, FaissNode node) {
        ObjectNode json = mapper.createObjectNode();
        json.put("fourcc", node.fourcc());
        json.put("class", node.faissClass());
        json.put("offset", node.offset());
        json.put("d", node.d());
        json.put("ntotal", node.ntotal());
        json.put("metric", node.metric());
        if (node.metricArg() != 0) {
            json.put("metricArg", node.metricArg());
        }
        node.nlist().ifPresent(n -> json.put("nlist", n));
        if (node.codeType() != null) {
            json.put("codeType", node.codeType());
            json.put("codeSize", node.codeSize());
        }
        if (node.directMap() != null) {
            json.put("directMap", node.directMap());
        }
        if (node.listEncoding() != null) {
            json.put("listEncoding", node.listEncoding());
        }
        ArrayNode children = json.putArray("children");
        node.children().forEach(child -> children.add(nodeJson(mapper, child)));
        return json;
    }
}
