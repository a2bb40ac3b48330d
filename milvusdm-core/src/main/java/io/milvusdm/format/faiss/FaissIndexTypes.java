package io.milvusdm.format.faiss;

import io.milvusdm.format.FormatException;

import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

import static java.util.Map.entry;

/**
 * The fourcc → parser table, for float and binary indexes, and what is said about the types it does not hold:
 * known types whose vectors cannot be recovered (with the reason), known types not read yet, and unknown ones.
 */
final class FaissIndexTypes {

    /** Parses the payload of one index type; the fourcc (at {@code offset}) has been read. */
    @FunctionalInterface
    interface TypeParser {
        FaissIndex read(FaissParser p, String fourcc, long offset) throws IOException;
    }

    static final Map<String, TypeParser> FLOAT = Map.ofEntries(
            entry(FaissIndexFlat.IXF2, FaissIndexFlat::read),
            entry(FaissIndexFlat.IXFI, FaissIndexFlat::read),
            entry(FaissIndexFlat.IXFL, FaissIndexFlat::read),
            entry(FaissIndexIDMap.IXMP, FaissIndexIDMap::read),
            entry(FaissIndexIDMap.IXM2, FaissIndexIDMap::read),
            entry(FaissIndexIVFFlat.IWFL, FaissIndexIVFFlat::read),
            entry(FaissIndexIVFFlat.IVFL_LEGACY_FLOATS, FaissIndexIVFFlat::read),
            entry(FaissIndexIVFFlat.IVFL_LEGACY_BYTES, FaissIndexIVFFlat::read),
            entry(FaissIndexIVFFlatDedup.IWFD, FaissIndexIVFFlatDedup::read),
            entry(FaissIndexHNSW.IHNF, FaissIndexHNSW::read),
            entry(FaissIndexHNSW.IHNS, FaissIndexHNSW::read),
            entry(FaissIndexHNSW.IHNP, FaissIndexHNSW::read),
            entry(FaissIndexRefine.IXRF, FaissIndexRefine::read),
            entry(FaissIndexScalarQuantizer.IXSQ, FaissIndexScalarQuantizer::read),
            entry(FaissIndexIVFScalarQuantizer.IWSQ, FaissIndexIVFScalarQuantizer::read),
            entry(FaissIndexIVFScalarQuantizer.IWSQ_RESIDUAL_IMPLIED, FaissIndexIVFScalarQuantizer::read),
            entry(FaissIndexPQ.IXPQ, FaissIndexPQ::read),
            entry(FaissIndexIVFPQ.IWPQ, FaissIndexIVFPQ::read),
            entry(FaissIndexPQFastScan.IPFS, FaissIndexPQFastScan::read),
            entry(FaissIndexIVFPQFastScan.IWPF, FaissIndexIVFPQFastScan::read),
            entry(FaissIndexPreTransform.IXPT, FaissIndexPreTransform::read));

    static final Map<String, TypeParser> BINARY = Map.ofEntries(
            entry(FaissIndexBinaryFlat.IBXF, FaissIndexBinaryFlat::read),
            entry(FaissIndexBinaryIVF.IBWF, FaissIndexBinaryIVF::read),
            entry(FaissIndexBinaryHNSW.IBHF, FaissIndexBinaryHNSW::read),
            entry(FaissIndexBinaryIDMap.IBMP, FaissIndexBinaryIDMap::read),
            entry(FaissIndexBinaryIDMap.IBM2, FaissIndexBinaryIDMap::read),
            entry(FaissIndexBinaryHash.IBHH, FaissIndexBinaryHash::read),
            entry(FaissIndexBinaryMultiHash.IBHM, FaissIndexBinaryMultiHash::read));

    /** Known types that hold no recoverable vectors, and why. */
    static final Map<String, String> NOT_RECOVERABLE = Map.ofEntries(
            entry("IxHe", "IndexLSH stores only the sign bits of random projections"),
            entry("IxHE", "IndexLSH (legacy) stores only the sign bits of random projections"),
            entry("IwSh", "IndexIVFSpectralHash stores only hash bits"),
            entry("IxLa", "IndexLattice stores no codes that can be read back"),
            entry("Imiq", "a MultiIndexQuantizer is a coarse quantizer and stores no vectors"),
            entry("Ixrq", "RaBitQ stores 1-bit codes plus factors: at best a crude approximation"),
            entry("Iwrq", "RaBitQ stores 1-bit codes plus factors: at best a crude approximation"));

    /** Known types milvusdm does not read yet. */
    static final Map<String, String> NOT_YET = Map.ofEntries(
            entry("IxPo", "legacy IndexPQ"), entry("IxPQ", "legacy IndexPQ"),
            entry("IvPQ", "legacy IndexIVFPQ"), entry("IvQR", "legacy IndexIVFPQR"), entry("IwQR", "IndexIVFPQR"),
            entry("IvSQ", "legacy IndexIVFScalarQuantizer"), entry("IHN2", "IndexHNSW2Level"),
            entry("IH00", "IndexHNSW without storage type"), entry("IHNc", "IndexHNSWCagra"),
            entry("IHc2", "IndexHNSWCagra"), entry("IHfP", "IndexHNSWFlatPanorama"), entry("Ix2L", "Index2Layer"),
            entry("IwIQ", "IndexIVFIndependentQuantizer"), entry("IRMf", "IndexRowwiseMinMax"),
            entry("IRMh", "IndexRowwiseMinMaxFP16"), entry("IxRQ", "IndexResidualQuantizer"),
            entry("IxRq", "IndexResidualQuantizer"), entry("IxLS", "IndexLocalSearchQuantizer"),
            entry("IxPR", "IndexProductResidualQuantizer"), entry("IxPL", "IndexProductLocalSearchQuantizer"),
            entry("IwRQ", "IndexIVFResidualQuantizer"), entry("IwLS", "IndexIVFLocalSearchQuantizer"),
            entry("IwPR", "IndexIVFProductResidualQuantizer"), entry("IwPL", "IndexIVFProductLocalSearchQuantizer"),
            entry("INSf", "IndexNSGFlat"), entry("INNf", "IndexNNDescentFlat"), entry("IxRP", "IndexRefinePanorama"),
            entry("IxFP", "IndexFlatL2Panorama"), entry("IxFp", "IndexFlatIPPanorama"),
            entry("IwPn", "IndexIVFFlatPanorama"), entry("IwP2", "IndexIVFFlatPanorama"),
            entry("IxEd", "IndexEDEN"), entry("IxEe", "IndexEDEN"), entry("IwEd", "IndexIVFEDEN"),
            entry("IwEe", "IndexIVFEDEN"), entry("IBFf", "IndexBinaryFromFloat"),
            entry("IBHc", "IndexBinaryHNSWCagra"));

    private FaissIndexTypes() {
    }

    /** The exception for a fourcc the table does not hold: unrecoverable, not yet, big-endian, or unknown. */
    static FormatException notReadable(FaissParser p, String fourcc, boolean binary, long at) {
        String reason = NOT_RECOVERABLE.get(fourcc);
        if (reason != null) {
            return p.unsupported("Faiss index type '" + fourcc + "' is not recoverable: " + reason, at);
        }
        String name = NOT_YET.get(fourcc);
        if (name != null) {
            return p.unsupported("Faiss index type '" + fourcc + "' (" + name + ") is not supported yet", at);
        }
        String reversed = new StringBuilder(fourcc).reverse().toString();
        if (FLOAT.containsKey(reversed) || BINARY.containsKey(reversed)) {
            return p.bigEndian("fourcc '" + fourcc + "' is '" + reversed + "' byte-reversed", at);
        }
        Map<String, TypeParser> table = binary ? BINARY : FLOAT;
        return p.unsupported("unknown Faiss " + (binary ? "binary " : "") + "index type " + printable(fourcc)
                + "; supported: " + String.join(", ", new TreeSet<>(table.keySet())), at);
    }

    /** {@code 'IxF2'}, or the hex bytes when the fourcc is not printable ASCII. */
    static String printable(String fourcc) {
        if (fourcc.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "'" + fourcc + "'";
        }
        StringBuilder hex = new StringBuilder("0x");
        fourcc.chars().forEach(c -> hex.append(String.format("%02x", c)));
        return hex.toString();
    }
}
