package io.milvusdm.milvus.bulkimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusdm.milvus.MilvusTarget;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The v2 REST import API of Milvus 2.4+ on the proxy port ({@code POST /v2/vectordb/jobs/import/create}, then
 * {@code /describe}, or {@code /get_progress} on servers that have no {@code /describe}), as the Java SDK's
 * {@code BulkImportUtils} calls it: a JSON body, {@code Authorization: Bearer <user:password or token>}, answers
 * {@code {"code": 0, "data": {...}}}. A failed job's per-file {@code details} are put into its reason.
 */
public final class RestBulkImport implements BulkImportClient {

    static final String CREATE = "/v2/vectordb/jobs/import/create";
    static final String DESCRIBE = "/v2/vectordb/jobs/import/describe";
    static final String GET_PROGRESS = "/v2/vectordb/jobs/import/get_progress";
    static final String LIST = "/v2/vectordb/jobs/import/list";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String where;
    private final String authorization;
    private final String dbName;
    private final HttpClient http;
    private volatile String progressPath = DESCRIBE;

    public RestBulkImport(MilvusTarget target) {
        String uri = target.uri();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.where = MilvusTarget.redactUserInfo(base);
        this.authorization = target.token() != null ? target.token()
                : target.user() != null ? target.user() + ":" + (target.password() == null ? "" : target.password())
                : null;
        this.dbName = target.dbName();
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public String api() {
        return "REST import (v2)";
    }

    /**
     * Asks whether the server answers the v2 REST import API: {@code POST /v2/vectordb/jobs/import/list} on its
     * port, with a 3 s timeout.
     *
     * @return null when it answered with a list, else why not (for the summary: HTTP 404, not HTTP at all, ...)
     */
    public String probe() {
        ObjectNode body = JSON.createObjectNode();
        if (dbName != null) {
            body.put("dbName", dbName);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + LIST)).timeout(PROBE_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", "Bearer " + authorization);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the probe of " + LIST + " at " + where + " was interrupted";
        } catch (IOException e) {
            return "POST " + LIST + " at " + where + " got no HTTP answer (" + scrub(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())) + ")";
        }
        if (response.statusCode() / 100 != 2) {
            return "POST " + LIST + " at " + where + " answered HTTP " + response.statusCode();
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            int code = answer.path("code").asInt(-1);
            if (code == 0 || code == 200) {
                return null;
            }
            return "POST " + LIST + " at " + where + " answered code " + code + ": "
                    + scrub(abbreviate(answer.path("message").asText("no message")));
        } catch (IOException e) {
            return "POST " + LIST + " at " + where + " answered something that is not JSON";
        }
    }

    @Override
    public String submit(String collection, String partition, List<String> files) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        if (dbName != null) {
            body.put("dbName", dbName);
        }
        body.put("collectionName", collection);
        if (partition != null) {
            body.put("partitionName", partition);
        }
        ArrayNode groups = body.putArray("files");
        ArrayNode group = groups.addArray();
        files.forEach(group::add);
        String title = "Import of " + files + " into collection '" + collection + "'";
        JsonNode data = post(CREATE, body, title);
        JsonNode jobId = data.path("jobId");
        if (jobId.isMissingNode() || jobId.asText().isBlank()) {
            throw new BulkImportException(title + " at " + where + ": the answer has no data.jobId", false);
        }
        return jobId.asText();
    }

    @Override
    public ImportProgress progress(String jobId) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        if (dbName != null) {
            body.put("dbName", dbName);
        }
        body.put("jobId", jobId);
        String title = "Progress of import job " + jobId;
        JsonNode data;
        try {
            data = post(progressPath, body, title);
        } catch (BulkImportException e) {
            if (!e.unsupported() || progressPath.equals(GET_PROGRESS)) {
                throw e;
            }
            progressPath = GET_PROGRESS;
            data = post(progressPath, body, title);
        }
        ImportProgress.State state = switch (data.path("state").asText("").toLowerCase(Locale.ROOT)) {
            case "completed" -> ImportProgress.State.COMPLETED;
            case "failed" -> ImportProgress.State.FAILED;
            case "pending", "" -> ImportProgress.State.PENDING;
            default -> ImportProgress.State.IMPORTING;
        };
        String reason = data.path("reason").asText("");
        List<String> fileErrors = new ArrayList<>();
        for (JsonNode detail : data.path("details")) {
            String fileReason = detail.path("reason").asText("");
            if (!fileReason.isBlank() || detail.path("state").asText("").equalsIgnoreCase("failed")) {
                fileErrors.add(detail.path("fileName").asText("?") + ": " + fileReason);
            }
        }
        if (!fileErrors.isEmpty()) {
            reason = (reason.isBlank() ? "" : reason + "; ") + String.join("; ", fileErrors);
        }
        return new ImportProgress(state, data.path("progress").asInt(state == ImportProgress.State.COMPLETED ? 100 : 0),
                data.path("importedRows").asLong(-1), reason.isBlank() ? null : reason);
    }

    private JsonNode post(String path, ObjectNode body, String title) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", "Bearer " + authorization);
        }
        if (dbName != null) {
            request.header("DB-Name", dbName);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(title + " at " + where + " was interrupted");
        } catch (IOException e) {
            throw new BulkImportException(title + " at " + where + " failed: " + scrub(String.valueOf(e.getMessage())),
                    e);
        }
        if (response.statusCode() == 404) {
            throw new BulkImportException(title + " at " + where + " failed: HTTP 404 for " + path
                    + " (the server has no v2 REST import; Milvus 2.4+ has it)", true);
        }
        if (response.statusCode() / 100 != 2) {
            throw new BulkImportException(title + " at " + where + " failed: HTTP " + response.statusCode() + " "
                    + scrub(abbreviate(response.body())), false);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new BulkImportException(title + " at " + where + ": the answer is not JSON: "
                    + scrub(abbreviate(response.body())), false);
        }
        int code = answer.path("code").asInt(-1);
        if (code != 0 && code != 200) {
            throw new BulkImportException(title + " at " + where + " failed: code " + code + ", "
                    + scrub(answer.path("message").asText("no message")), false);
        }
        return answer.path("data");
    }

    private String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (authorization != null && !authorization.isEmpty()) {
            result = result.replace(authorization, "***");
            int colon = authorization.indexOf(':');
            if (colon >= 0 && colon + 1 < authorization.length()) {
                result = result.replace(authorization.substring(colon + 1), "***");
            }
        }
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end with the client
    }
}
