package io.milvusdm.format.faiss;

import io.milvusdm.pipeline.VectorType;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Decides, from a parsed index tree, whether its vectors can be read and where they are: exact vectors get a
 * {@link FaissReadPlan}; coded ones (SQ, PQ, fast scan, pre-transforms over any readable index) a plan with
 * {@link CodedRows}, whose verdict {@link FaissDecoder} settles once it has loaded the parameters; the rest a
 * reason.
 */
final class FaissPlanner {

    /**
     * @param recovery the verdict
     * @param ids where ids come from
     * @param plan where the vectors or codes are, or {@code null} when the verdict is none
     * @param missingFile whether the verdict is none because a companion data file is missing
     */
    record Analysis(Recovery recovery, IdOrigin ids, FaissReadPlan plan, boolean missingFile) {

        static Analysis none(String reason, IdOrigin ids) {
            return new Analysis(new Recovery.None(reason), ids, null, false);
        }

        /** Provisional: {@link FaissDecoder} replaces the verdict with the loaded codec's. */
        static Analysis coded(FaissReadPlan plan, CodedRows rows) {
            FaissReadPlan decoded = plan.decodedAs(rows);
            return new Analysis(new Recovery.Decoded(rows.codec(), true, Recovery.ErrorBound.none("not loaded")),
                    decoded.ids(), decoded, false);
        }

        static Analysis exact(FaissReadPlan plan) {
            return new Analysis(new Recovery.Exact(), plan.ids(), plan, false);
        }

        Analysis withIds(IdOrigin origin) {
            return new Analysis(recovery, origin, plan, missingFile);
        }

        Analysis withRecovery(Recovery verdict) {
            return new Analysis(verdict, ids, plan, missingFile);
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
    private Analysis coded(FaissIndex index) {
        if (index instanceof FaissIndexScalarQuantizer sq) {
            return sq.sq().qtype() == 9 ? zeroBit(IdOrigin.POSITIONAL)
                    : Analysis.coded(codes(sq.header(), sq.codes()), CodedRows.sq(sq.sq(), null));
        } else if (index instanceof FaissIndexPQ pq) {
            return Analysis.coded(codes(pq.header(), pq.codes()), CodedRows.pq(pq.pq(), null));
        } else if (index instanceof FaissIndexPQFastScan pq) {
            return Analysis.coded(codes(pq.header(), pq.codes()),
                    CodedRows.fastScan(pq.pq(), pq.packing().bbs(), null));
        } else if (index instanceof FaissIndexIVFScalarQuantizer sq) {
            if (sq.sq().qtype() == 9) {
                return zeroBit(IdOrigin.IVF_LISTS);
            }
            return codedLists(sq.ivf(), sq.lists(), sq.byResidual(), c -> CodedRows.sq(sq.sq(), c));
        } else if (index instanceof FaissIndexIVFPQ pq) {
            return codedLists(pq.ivf(), pq.lists(), pq.byResidual(), c -> CodedRows.pq(pq.pq(), c));
        } else if (index instanceof FaissIndexIVFPQFastScan pq) {
            return codedLists(pq.ivf(), pq.lists(), pq.byResidual(),
                    c -> CodedRows.fastScan(pq.pq(), pq.packing().bbs(), c));
        }
        throw new IllegalStateException("no analysis for " + index.fourcc());
    }

    private FaissReadPlan codes(FaissHeader header, Section codes) {
        return FaissReadPlan.rows(VectorType.FLOAT_VECTOR, header.d(), 0, file, header.ntotal(), codes);
    }

    private static Analysis zeroBit(IdOrigin ids) {
        return Analysis.none("scalar quantizer QT_0bit stores no per-vector data", ids);
    }

    private Analysis codedLists(IvfHeader ivf, InvertedLists lists, boolean byResidual,
                                Function<Section, CodedRows> rows) {
        Analysis unreadable = unreadableLists(lists);
        if (unreadable != null) {
            return unreadable;
        }
        Section centroids = null;
        if (byResidual) {
            centroids = CoarseCentroids.find(ivf);
            if (centroids == null) {
                return Analysis.none("the codes are residuals from the coarse centroids, and the "
                        + (ivf.quantizer() == null ? "null" : ivf.quantizer().fourcc()) + " quantizer does not"
                        + " store them as float32 rows", IdOrigin.IVF_LISTS);
            }
        }
        FaissReadPlan plan = FaissReadPlan.lists(VectorType.FLOAT_VECTOR, ivf.header().d(), file, lists, null);
        return Analysis.coded(plan, rows.apply(centroids));
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

    private static Analysis idMap(Analysis inner, Section ids) {
        if (inner.ids() == IdOrigin.ID_MAP) {
            return Analysis.none("id maps nested in id maps are not supported", IdOrigin.ID_MAP);
        }
        if (inner.plan() == null) {
            return inner.withIds(IdOrigin.ID_MAP);
        }
        return new Analysis(inner.recovery(), IdOrigin.ID_MAP, inner.plan().withIdMap(ids), false);
    }

    /**
     * The sub-index's rows (exact or coded) with the chain to undo after decoding them. Only transforms with no
     * inverse at all are refused here; {@link FaissDecoder} judges the fidelity of the others from their matrices.
     */
    private Analysis preTransform(FaissIndexPreTransform pt) {
        Analysis inner = of(pt.index());
        if (inner.plan() == null) {
            return inner;
        }
        for (TransformParams t : pt.chain()) {
            String lost = t instanceof TransformParams.Itq ? "the ITQ transform (Viqt) feeds binary codes"
                    : t instanceof TransformParams.HadamardRotation
                    ? "the Hadamard rotation (HRot) draws its signs from Faiss's random generator" : null;
            if (lost != null) {
                return Analysis.none(lost, inner.ids());
            }
        }
        FaissReadPlan plan = inner.plan();
        if (plan.dedupInstances() != null) {
            return Analysis.none("a pre-transform over an IVFFlatDedup index is not supported", inner.ids());
        }
        CodedRows rows = plan.coded() != null ? plan.coded() : CodedRows.floats(plan.dimension());
        return Analysis.coded(plan, rows.behind(pt.chain()));
    }
}
