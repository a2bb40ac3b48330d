package io.milvusdm.milvus.bulkimport;

import io.milvus.grpc.GetImportStateRequest;
import io.milvus.grpc.GetImportStateResponse;
import io.milvus.grpc.ImportRequest;
import io.milvus.grpc.ImportResponse;
import io.milvus.grpc.KeyValuePair;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvusdm.milvus.MilvusConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The v1 gRPC bulk insert, {@code Import} and {@code GetImportState} (Milvus 2.2 to 2.5; pymilvus'
 * {@code utility.do_bulk_insert}): one request per group of files, which the server answers with task ids, polled
 * until {@code ImportCompleted} or {@code ImportFailed}. Milvus Lite answers {@code UNIMPLEMENTED}.
 */
public final class GrpcBulkImport implements BulkImportClient {

    private static final long CALL_DEADLINE_MS = 60_000;

    private final MilvusConnection connection;

    public GrpcBulkImport(MilvusConnection connection) {
        this.connection = connection;
    }

    @Override
    public String api() {
        return "gRPC Import (v1)";
    }

    @Override
    public String submit(String collection, String partition, List<String> files) throws IOException {
        ImportRequest.Builder request = ImportRequest.newBuilder().setCollectionName(collection).setRowBased(false)
                .addAllFiles(files);
        if (partition != null) {
            request.setPartitionName(partition);
        }
        if (connection.dbName() != null) {
            request.setDbName(connection.dbName());
        }
        ImportResponse response;
        try {
            response = connection.serviceStub(CALL_DEADLINE_MS).import_(request.build());
        } catch (StatusRuntimeException e) {
            boolean unimplemented = e.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
            throw new BulkImportException("Import of " + files + " into collection '" + collection + "' at "
                    + connection.where() + " failed: " + (unimplemented ? "the server has no bulk import (UNIMPLEMENTED)"
                    : connection.scrub(String.valueOf(e.getStatus()))), unimplemented);
        }
        checkStatus(response.getStatus(), "Import of " + files + " into collection '" + collection + "'");
        if (response.getTasksCount() == 0) {
            throw new BulkImportException("Import of " + files + " into collection '" + collection + "' at "
                    + connection.where() + " returned no task", false);
        }
        List<String> tasks = new ArrayList<>();
        for (long task : response.getTasksList()) {
            tasks.add(Long.toString(task));
        }
        return String.join(",", tasks);
    }

    @Override
    public ImportProgress progress(String jobId) throws IOException {
        ImportProgress.State state = ImportProgress.State.COMPLETED;
        long rows = 0;
        int percentSum = 0;
        String reason = null;
        String[] tasks = jobId.split(",");
        for (String task : tasks) {
            GetImportStateResponse response;
            try {
                response = connection.serviceStub(CALL_DEADLINE_MS)
                        .getImportState(GetImportStateRequest.newBuilder().setTask(Long.parseLong(task)).build());
            } catch (StatusRuntimeException e) {
                throw new BulkImportException("GetImportState of task " + task + " at " + connection.where()
                        + " failed: " + connection.scrub(String.valueOf(e.getStatus())), e);
            }
            checkStatus(response.getStatus(), "GetImportState of task " + task);
            ImportProgress.State taskState = switch (response.getState()) {
                case ImportCompleted -> ImportProgress.State.COMPLETED;
                case ImportFailed, ImportFailedAndCleaned -> ImportProgress.State.FAILED;
                case ImportPending -> ImportProgress.State.PENDING;
                default -> ImportProgress.State.IMPORTING;
            };
            int percent = taskState == ImportProgress.State.COMPLETED ? 100 : 0;
            for (KeyValuePair info : response.getInfosList()) {
                if (info.getKey().equals("failed_reason") && !info.getValue().isBlank()) {
                    reason = connection.scrub(info.getValue());
                } else if (info.getKey().equals("progress_percent")) {
                    try {
                        percent = Integer.parseInt(info.getValue().trim());
                    } catch (NumberFormatException e) {
                        // a server that writes no number here still reports the state
                    }
                }
            }
            rows += response.getRowCount();
            percentSum += percent;
            state = worse(state, taskState);
        }
        return new ImportProgress(state, percentSum / tasks.length, rows, reason);
    }

    /** FAILED over PENDING/IMPORTING over COMPLETED: a job is done when every task is. */
    private static ImportProgress.State worse(ImportProgress.State a, ImportProgress.State b) {
        if (a == ImportProgress.State.FAILED || b == ImportProgress.State.FAILED) {
            return ImportProgress.State.FAILED;
        }
        if (a == ImportProgress.State.COMPLETED) {
            return b;
        }
        return b == ImportProgress.State.COMPLETED ? a : (a == ImportProgress.State.IMPORTING ? a : b);
    }

    private void checkStatus(io.milvus.grpc.Status status, String title) throws BulkImportException {
        if (status.getCode() != 0 || status.getErrorCodeValue() != 0) {
            throw new BulkImportException(title + " at " + connection.where() + " failed: "
                    + connection.scrub(status.getReason()), false);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
