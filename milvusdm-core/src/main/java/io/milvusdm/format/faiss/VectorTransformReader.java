package io.milvusdm.format.faiss;

import java.io.IOException;

/** Parses one {@link TransformParams}: the per-kind fields, then the common trailer (d_in, d_out, is_trained). */
final class VectorTransformReader {

    private VectorTransformReader() {
    }

    static TransformParams read(FaissParser p, int depth) throws IOException {
        long at = p.in().position();
        String fourcc = p.in().readFourcc();
        Body body = switch (fourcc) {
            case "rrot", "LTra" -> linear(p, null);
            case "Pcam", "PcAm", "PCAm" -> linear(p, pca(p, fourcc));
            case "Viqm" -> {
                p.in().skip(8, "ITQ max_iter and seed");
                yield linear(p, null);
            }
            case "RmDT" -> new Body(null, p.vector(Integer.BYTES, "remap map"), 0, 0, null, null);
            case "VNrm" -> new Body(null, null, p.in().readFloat(), 0, null, null);
            case "VCnt" -> new Body(null, p.vector(Float.BYTES, "centering mean"), 0, 0, null, null);
            case "Viqt" -> itq(p, depth);
            case "HRot" -> new Body(null, null, 0, Integer.toUnsignedLong(p.in().readInt()), null, null);
            default -> throw p.unsupported("unknown vector transform " + FaissIndexTypes.printable(fourcc)
                    + "; known: rrot, Pcam, PcAm, PCAm, Viqm, LTra, RmDT, VNrm, VCnt, Viqt, HRot", at);
        };
        long trailerAt = p.in().position();
        int dIn = p.in().readInt();
        int dOut = p.in().readInt();
        p.readBool("transform is_trained");
        if (dIn < 0 || dOut < 0 || dIn > FaissHeader.MAX_D || dOut > FaissHeader.MAX_D) {
            throw p.corrupt("transform " + fourcc + " d_in " + dIn + ", d_out " + dOut, trailerAt);
        }
        return body.params(p, fourcc, dIn, dOut, trailerAt);
    }

    /** What the per-kind part held, before d_in and d_out are known. */
    private record Body(TransformParams.Linear linear, Section vector, float norm, long seed, TransformParams itq,
                        TransformParams pcaThenItq, boolean doPca) {
        Body(TransformParams.Linear linear, Section vector, float norm, long seed, TransformParams itq,
             TransformParams pcaThenItq) {
            this(linear, vector, norm, seed, itq, pcaThenItq, false);
        }

        TransformParams params(FaissParser p, String fourcc, int dIn, int dOut, long at) throws IOException {
            return switch (fourcc) {
                case "RmDT" -> new TransformParams.RemapDimensions(fourcc, dIn, dOut, vector);
                case "VNrm" -> new TransformParams.Normalization(fourcc, dIn, dOut, norm);
                case "VCnt" -> new TransformParams.Centering(fourcc, dIn, dOut, vector);
                case "Viqt" -> new TransformParams.Itq(fourcc, dIn, dOut, vector, doPca, itq, pcaThenItq);
                case "HRot" -> new TransformParams.HadamardRotation(fourcc, dIn, dOut, seed);
                default -> checkedLinear(p, fourcc, dIn, dOut, at);
            };
        }

        private TransformParams checkedLinear(FaissParser p, String fourcc, int dIn, int dOut, long at) throws IOException {
            long cells = (long) dIn * dOut;
            if (linear.a().length() / Float.BYTES < cells) {
                throw p.corrupt("matrix of " + linear.a().length() / Float.BYTES + " floats < d_out " + dOut
                        + " x d_in " + dIn, at);
            }
            if (linear.haveBias() && linear.b().length() / Float.BYTES < dOut) {
                throw p.corrupt("bias of " + linear.b().length() / Float.BYTES + " floats < d_out " + dOut, at);
            }
            return new TransformParams.Linear(fourcc, dIn, dOut, linear.haveBias(), linear.a(), linear.b(),
                    linear.pca());
        }
    }

    private static TransformParams.Pca pca(FaissParser p, String fourcc) throws IOException {
        float eigenPower = p.in().readFloat();
        float epsilon = fourcc.equals("Pcam") ? p.in().readFloat() : 0f;
        boolean randomRotation = p.readBool("PCA random_rotation");
        if (!fourcc.equals("PCAm")) {
            p.in().readInt();
        }
        Section mean = p.vector(Float.BYTES, "PCA mean");
        Section eigenvalues = p.vector(Float.BYTES, "PCA eigenvalues");
        Section matrix = p.vector(Float.BYTES, "PCA matrix");
        return new TransformParams.Pca(eigenPower, epsilon, randomRotation, mean, eigenvalues, matrix);
    }

    private static Body linear(FaissParser p, TransformParams.Pca pca) throws IOException {
        boolean haveBias = p.readBool("have_bias");
        Section a = p.vector(Float.BYTES, "transform matrix");
        Section b = p.vector(Float.BYTES, "transform bias");
        return new Body(new TransformParams.Linear("", 0, 0, haveBias, a, b, pca), null, 0, 0, null, null);
    }

    private static Body itq(FaissParser p, int depth) throws IOException {
        long at = p.in().position();
        if (depth > 2) {
            throw p.corrupt("ITQ transforms nested too deep", at);
        }
        Section mean = p.vector(Float.BYTES, "ITQ mean");
        boolean doPca = p.readBool("ITQ do_pca");
        TransformParams itq = read(p, depth + 1);
        TransformParams pcaThenItq = read(p, depth + 1);
        return new Body(null, mean, 0, 0, itq, pcaThenItq, doPca);
    }
}
