package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.VectorType;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Decides, from a parsed index tree, whether its vectors can be read and where they are: exact vectors get a
 * {@link FaissReadPlan}; coded ones a {@link Recovery.Decoded} naming the codec; the rest a reason.
 */
final class FaissPlanner {

    /**
     * @param recovery the verdict
     * @param ids where ids come from
     * @param plan where the exact vectors are, or {@code null} unless the verdict is exact
     * @param missingFile whether the verdict is none because a companion data file is missing
     */
    record Analysis(Recovery recovery, IdOrigin ids, FaissReadPlan plan, boolean missingFile) {

        static Analysis none(String reason, IdOrigin ids) {
            return new Analysis(new Recovery.None(reason), ids, null, false);
        }

        static Analysis decoded(String codec, IdOrigin ids) {
            return new Analysis(new Recovery.Decoded(codec, OptionalDouble.empty()), ids, null, false);
        }

        static Analysis exact(FaissReadPlan plan) {
            return new Analysis(new Recovery.Exact(), plan.ids(), plan, false);
        }

        Analysis withIds(IdOrigin origin) {
            return new Analysis(recovery, origin, plan, missingFile);
        }
    }

    private final Path file;

    private FaissPlanner(Path file) {
        this.file = file;
    }

    static Analysis analyze(FaissIndex index, Path file) {
        return new FaissPlanner(file).of(index);
    }

    private Analysis of(FaissIndex index) {
        if (index instanceof FaissIndexFlat flat) {
            return rows(flat.header(), VectorType.FLOAT_VECTOR, flat.vectors());
        } else if (index instanceof FaissIndexBinaryFlat flat) {
            return rows(flat.header(), VectorType.BINARY_VECTOR, flat.vectors());
        } else if (index instanceof FaissIndexIVFFlat ivf) {
            return lists(ivf.header(), VectorType.FLOAT_VECTOR, ivf.lists(), null);
        } else if (index instanceof FaissIndexBinaryIVF ivf) {
            return lists(ivf.header(), VectorType.BINARY_VECTOR, ivf.lists(), null);
        } else if (index instanceof FaissIndexIVFFlatDedup ivf) {
            return lists(ivf.header(), VectorType.FLOAT_VECTOR, ivf.lists(), ivf.instances());
        } else if (index instanceof FaissIndexBinaryHash hash) {
            return lists(hash.header(), VectorType.BINARY_VECTOR, hash.lists(), null);
        } else if (index instanceof FaissIndexIDMap map) {
            return idMap(of(map.index()), map.ids());
        } else if (index instanceof FaissIndexBinaryIDMap map) {
            return idMap(of(map.index()), map.ids());
        } else if (index instanceof FaissIndexHNSW hnsw) {
            return hnsw.storage() == null
                    ? Analysis.none("the HNSW index was written without its storage (IO_FLAG_SKIP_STORAGE):"
                            + " it holds the graph only", IdOrigin.POSITIONAL)
                    : of(hnsw.storage());
        } else if (index instanceof FaissIndexBinaryHNSW hnsw) {
            return of(hnsw.storage());
        } else if (index instanceof FaissIndexBinaryMultiHash multi) {
            return of(multi.storage());
        } else if (index instanceof FaissIndexRefine refine) {
            return of(refine.refine());
        } else if (index instanceof FaissIndexPreTransform pt) {
            return preTransform(pt);
        }
        return coded(index);
    }

    /** The types that store codes: a decoder turns them into vectors. */
    private static Analysis coded(FaissIndex index) {
        if (index instanceof FaissIndexScalarQuantizer sq) {
            return sq(sq.sq(), IdOrigin.POSITIONAL);
        } else if (index instanceof FaissIndexIVFScalarQuantizer sq) {
            return listsCoded(sq.lists(), sq(sq.sq(), IdOrigin.IVF_LISTS));
        } else if (index instanceof FaissIndexPQ pq) {
            return Analysis.decoded(pq.pq().describe(), IdOrigin.POSITIONAL);
        } else if (index instanceof FaissIndexIVFPQ pq) {
            return listsCoded(pq.lists(), Analysis.decoded(pq.pq().describe(), IdOrigin.IVF_LISTS));
        } else if (index instanceof FaissIndexPQFastScan pq) {
            return Analysis.decoded(pq.pq().describe() + " fast-scan", IdOrigin.POSITIONAL);
        } else if (index instanceof FaissIndexIVFPQFastScan pq) {
            return listsCoded(pq.lists(), Analysis.decoded(pq.pq().describe() + " fast-scan", IdOrigin.IVF_LISTS));
        }
        throw new IllegalStateException("no analysis for " + index.fourcc());
    }

    private Analysis rows(FaissHeader header, VectorType type, Section vectors) {
        return Analysis.exact(FaissReadPlan.rows(type, header.d(), header.vectorBytes(), file, header.ntotal(),
                vectors));
    }

    private Analysis lists(FaissHeader header, VectorType type, InvertedLists lists, Section dedup) {
        Analysis unreadable = unreadableLists(lists);
        if (unreadable != null) {
            return unreadable;
        }
        return Analysis.exact(FaissReadPlan.lists(type, header.d(), file, lists, dedup));
    }

    private static Analysis unreadableLists(InvertedLists lists) {
        if (lists.encoding().equals("il00")) {
            return Analysis.none("the IVF index was saved without its inverted lists (il00): it stores no vectors",
                    IdOrigin.IVF_LISTS);
        }
        if (lists.missingDataFile() != null) {
            return new Analysis(new Recovery.None(lists.missingDataFile()), IdOrigin.IVF_LISTS, null, true);
        }
        return null;
    }

    private static Analysis listsCoded(InvertedLists lists, Analysis coded) {
        Analysis unreadable = unreadableLists(lists);
        return unreadable != null ? unreadable : coded;
    }

    private static Analysis sq(SqParams sq, IdOrigin ids) {
        if (sq.qtype() == 9) {
            return Analysis.none("scalar quantizer QT_0bit stores no per-vector data", ids);
        }
        return Analysis.decoded(sq.describe(), ids);
    }

    private static Analysis idMap(Analysis inner, Section ids) {
        if (inner.ids() == IdOrigin.ID_MAP) {
            return Analysis.none("id maps nested in id maps are not supported", IdOrigin.ID_MAP);
        }
        if (inner.plan() == null) {
            return inner.withIds(IdOrigin.ID_MAP);
        }
        return Analysis.exact(inner.plan().withIdMap(ids));
    }

    private Analysis preTransform(FaissIndexPreTransform pt) {
        Analysis inner = of(pt.index());
        if (inner.recovery() instanceof Recovery.None) {
            return inner;
        }
        for (TransformParams t : pt.chain()) {
            String lost = t instanceof TransformParams.Normalization
                    ? "the L2 normalisation (VNrm) loses each vector's norm"
                    : t instanceof TransformParams.Itq ? "the ITQ transform (Viqt) feeds binary codes"
                    : t instanceof TransformParams.HadamardRotation
                    ? "the Hadamard rotation (HRot) draws its signs from Faiss's random generator" : null;
            if (lost != null) {
                return Analysis.none(lost, inner.ids());
            }
        }
        List<String> names = pt.chain().stream().map(TransformParams::fourcc).toList();
        String under = inner.recovery() instanceof Recovery.Decoded d ? d.codec() : "float32";
        return Analysis.decoded(String.join(">", names) + (names.isEmpty() ? "" : ">") + under, inner.ids());
    }
}
