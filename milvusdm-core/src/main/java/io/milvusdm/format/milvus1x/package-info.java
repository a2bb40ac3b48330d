/**
 * Milvus 0.10/1.x data directories, read offline: {@link io.milvusdm.format.milvus1x.Milvus1xSource}.
 *
 * <h2>Layout under the work path</h2>
 * <pre>
 * db/meta.sqlite                                        the meta (or a MySQL database: {@link io.milvusdm.format.milvus1x.Milvus1xMetaStore})
 * db/tables/&lt;table_id&gt;/&lt;segment_id&gt;/&lt;segment_id&gt;.rv    raw vectors
 * db/tables/&lt;table_id&gt;/&lt;segment_id&gt;/&lt;segment_id&gt;.uid   user ids
 * db/tables/&lt;table_id&gt;/&lt;segment_id&gt;/deleted_docs         deleted row offsets
 * db/tables/&lt;table_id&gt;/&lt;segment_id&gt;/bloom_filter         (not read)
 * </pre>
 * A partition is a table of its own: a {@code Tables} row with {@code owner_table} = the collection and its
 * {@code partition_tag}; the collection's own table is the default partition ({@code _default}).
 *
 * <h2>Meta</h2>
 * <ul>
 *   <li>{@code Tables}: {@code table_id}, {@code state} (1 = dropped, skipped), {@code dimension} (bits for
 *       binary metrics), {@code metric_type} (1 L2, 2 IP, 3 HAMMING, 4 JACCARD, 5 TANIMOTO, 6 SUBSTRUCTURE,
 *       7 SUPERSTRUCTURE; L2 and IP store float32, the others packed bits), {@code owner_table},
 *       {@code partition_tag}, {@code version}.</li>
 *   <li>{@code TableFiles}: {@code segment_id}, {@code row_count} (live rows: deletes lower it),
 *       {@code file_type} of RAW (1), TO_INDEX (2) or BACKUP (7); other types are ignored.</li>
 * </ul>
 *
 * <h2>Segment files</h2>
 * Each file starts with <b>[uint64 LE]</b> the payload byte count, which must equal the file size less 8.
 * <ul>
 *   <li>{@code .rv}: rows in file order, <b>[float32 LE × dimension]</b> or <b>[uint8 × dimension/8]</b> each.</li>
 *   <li>{@code .uid}: <b>[int64 LE]</b> per row, in the rows' order.</li>
 *   <li>{@code deleted_docs}: <b>[int32 LE]</b> offsets of deleted rows within the segment, in any order.</li>
 * </ul>
 * Stored rows less distinct deleted offsets must equal the meta's {@code row_count}.
 *
 * <h2>Repeated ids</h2>
 * An id stored more than once among a collection's live rows is refused, or resolved to one row, by the pre-scan
 * ({@link io.milvusdm.format.milvus1x.DuplicateIds}, {@code DuplicateIdScan}); docs/sources/milvus1x.md.
 */
package io.milvusdm.format.milvus1x;
