/**
 * Pure decoders for the codes faiss stores instead of raw vectors, and inverses of the transforms an
 * {@code IndexPreTransform} applies before them. Nothing here reads files: the Faiss parser
 * ({@code io.milvusdm.format.faiss}) finds the parameters and code bytes and hands them over as arrays.
 *
 * <table>
 *   <caption>Which class decodes what</caption>
 *   <tr><th>faiss</th><th>class</th><th>versus faiss's own decode</th></tr>
 *   <tr><td>ScalarQuantizer (IxSQ, IwSq/IwSQ, IHNs)</td><td>{@link ScalarQuantizerDecoder}</td><td>bit-exact</td></tr>
 *   <tr><td>ProductQuantizer (IxPq, IwPQ, IHNp, ...)</td><td>{@link ProductQuantizerDecoder}</td><td>bit-exact</td></tr>
 *   <tr><td>fast-scan PQ4 (IPfs, IwPf)</td><td>{@link PqFastScanUnpacker}, then the PQ decoder</td><td>bit-exact</td></tr>
 *   <tr><td>IVF by_residual</td><td>{@link ResidualDecoding}</td><td>bit-exact</td></tr>
 *   <tr><td>LinearTransform family (rrot, Pcam, Viqm, LTra)</td><td>{@link LinearTransformInverse}</td>
 *       <td>within faiss's float rounding (faiss uses BLAS)</td></tr>
 *   <tr><td>RmDT, VCnt, VNrm</td><td>{@link RemapDimensionsInverse}, {@link CenteringInverse},
 *       {@link NormalizationInverse}</td><td>bit-exact</td></tr>
 * </table>
 *
 * <p>Every decode takes {@code (source array, offset, row count, target array, offset)} and allocates nothing per
 * row, so a reader can stream a file through one pair of reused buffers.
 */
package io.milvusdm.format.faiss.codec;
