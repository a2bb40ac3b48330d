/**
 * A pure-Java reader of Faiss index files ({@code faiss.write_index}, {@code write_index_binary}), byte layout
 * as in the project's Faiss format notes and Faiss's {@code faiss/impl/index_read.cpp}.
 *
 * <p>{@link io.milvusdm.format.faiss.FaissIndexFile#read} parses the tree of indexes (one class per Faiss type,
 * fourcc → parser in {@code FaissIndexTypes}); {@link io.milvusdm.format.faiss.FaissSource#open} reads the
 * vectors stored exactly. Coded types (SQ, PQ, fast scan, pre-transforms) are parsed into
 * {@link io.milvusdm.format.faiss.SqParams}, {@link io.milvusdm.format.faiss.PqParams},
 * {@link io.milvusdm.format.faiss.FastScanParams} and {@link io.milvusdm.format.faiss.TransformParams} plus code
 * {@link io.milvusdm.format.faiss.Section}s, for a decoder.
 *
 * <table>
 *   <caption>Types read</caption>
 *   <tr><th>fourcc</th><th>class</th><th>vectors</th></tr>
 *   <tr><td>IxF2 IxFI IxFl</td><td>{@link io.milvusdm.format.faiss.FaissIndexFlat}</td><td>exact</td></tr>
 *   <tr><td>IxMp IxM2</td><td>{@link io.milvusdm.format.faiss.FaissIndexIDMap}</td><td>of the sub-index</td></tr>
 *   <tr><td>IwFl IvFL IvFl</td><td>{@link io.milvusdm.format.faiss.FaissIndexIVFFlat}</td><td>exact</td></tr>
 *   <tr><td>IwFd</td><td>{@link io.milvusdm.format.faiss.FaissIndexIVFFlatDedup}</td><td>exact</td></tr>
 *   <tr><td>IHNf IHNs IHNp</td><td>{@link io.milvusdm.format.faiss.FaissIndexHNSW}</td><td>of the storage</td></tr>
 *   <tr><td>IxRF</td><td>{@link io.milvusdm.format.faiss.FaissIndexRefine}</td><td>of the refine index</td></tr>
 *   <tr><td>IxSQ</td><td>{@link io.milvusdm.format.faiss.FaissIndexScalarQuantizer}</td><td>decoded</td></tr>
 *   <tr><td>IwSq IwSQ</td><td>{@link io.milvusdm.format.faiss.FaissIndexIVFScalarQuantizer}</td><td>decoded</td></tr>
 *   <tr><td>IxPq</td><td>{@link io.milvusdm.format.faiss.FaissIndexPQ}</td><td>decoded</td></tr>
 *   <tr><td>IwPQ</td><td>{@link io.milvusdm.format.faiss.FaissIndexIVFPQ}</td><td>decoded</td></tr>
 *   <tr><td>IPfs</td><td>{@link io.milvusdm.format.faiss.FaissIndexPQFastScan}</td><td>decoded</td></tr>
 *   <tr><td>IwPf</td><td>{@link io.milvusdm.format.faiss.FaissIndexIVFPQFastScan}</td><td>decoded</td></tr>
 *   <tr><td>IxPT</td><td>{@link io.milvusdm.format.faiss.FaissIndexPreTransform}</td><td>decoded</td></tr>
 *   <tr><td>IBxF</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryFlat}</td><td>exact</td></tr>
 *   <tr><td>IBwF</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryIVF}</td><td>exact</td></tr>
 *   <tr><td>IBHf</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryHNSW}</td><td>exact</td></tr>
 *   <tr><td>IBMp IBM2</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryIDMap}</td><td>of the sub-index</td></tr>
 *   <tr><td>IBHh</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryHash}</td><td>exact</td></tr>
 *   <tr><td>IBHm</td><td>{@link io.milvusdm.format.faiss.FaissIndexBinaryMultiHash}</td><td>exact</td></tr>
 * </table>
 */
package io.milvusdm.format.faiss;
