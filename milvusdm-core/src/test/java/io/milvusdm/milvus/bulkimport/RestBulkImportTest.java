package io.milvusdm.milvus.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.milvusdm.milvus.MilvusTarget;
import io.milvusdm.pipeline.ProgressListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 REST import protocol against a local HTTP server that checks every request (path, method, bearer token,
 * JSON body) as Milvus 2.4+'s proxy reads it, and answers as it does: job ids, progress from Pending through
 * Importing to Completed, a failed job with per-file details, and 404 where the server has no such API. No
 * locally startable Milvus has the v2 REST import (Milvus Lite has no import; the PyPI milvus 2.3.5 only the v1
 * gRPC one, tested in DumpLoadIT), so this is the protocol's only test here.
 */
class RestBulkImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<JsonNode> creates = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final AtomicLong nextJob = new AtomicLong(1000);
    private volatile boolean hasDescribe = true;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/vectordb/jobs/import/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!exchange.getRequestMethod().equals("POST")) {
            problems.add(path + ": method " + exchange.getRequestMethod());
        }
        if (!"Bearer root:Milvus".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            problems.add(path + ": Authorization " + exchange.getRequestHeaders().getFirst("Authorization"));
        }
        if (!String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
            problems.add(path + ": Content-Type " + exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        if (path.endsWith("/create")) {
            creates.add(body);
            if (!body.path("files").isArray() || !body.path("files").get(0).isArray()) {
                problems.add("create: files is not a list of lists: " + body);
            }
            String first = body.path("files").get(0).get(0).asText();
            String id = first.contains("refused") ? null : "job-" + nextJob.incrementAndGet() + "|" + first;
            if (id == null) {
                reply(exchange, 200, "{\"code\":1100,\"message\":\"invalid parameter: collection not found\"}");
            } else {
                reply(exchange, 200, "{\"code\":0,\"data\":{\"jobId\":\"" + id + "\"}}");
            }
        } else if (path.endsWith("/list")) {
            reply(exchange, 200, "{\"code\":0,\"data\":{\"records\":[]}}");
        } else if (path.endsWith("/describe") && hasDescribe || path.endsWith("/get_progress")) {
            String id = body.path("jobId").asText();
            int poll = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id.contains("broken")) {
                reply(exchange, 200, "{\"code\":0,\"data\":{\"jobId\":\"" + id + "\",\"state\":\"Failed\",\"progress\":0,"
                        + "\"reason\":\"import failed\",\"details\":[{\"fileName\":\"c1/broken/embedding.npy\","
                        + "\"state\":\"Failed\",\"reason\":\"dim mismatch: expected 16, got 8\"}]}}");
            } else if (poll == 1) {
                reply(exchange, 200, "{\"code\":0,\"data\":{\"jobId\":\"" + id + "\",\"state\":\"Pending\",\"progress\":0}}");
            } else if (poll == 2) {
                reply(exchange, 200, "{\"code\":0,\"data\":{\"jobId\":\"" + id + "\",\"state\":\"Importing\","
                        + "\"progress\":50,\"importedRows\":50}}");
            } else {
                reply(exchange, 200, "{\"code\":0,\"data\":{\"jobId\":\"" + id + "\",\"state\":\"Completed\","
                        + "\"progress\":100,\"importedRows\":100,\"totalRows\":100}}");
            }
        } else {
            reply(exchange, 404, "404 page not found");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RestBulkImport client() {
        return new RestBulkImport(new MilvusTarget(uri(), "root", "Milvus", null, "db1", false, null, null, null, null));
    }

    private ImportJobRunner runner(RestBulkImport client, Duration timeout) {
        return new ImportJobRunner(client, "coll", null, 2, timeout, Duration.ofMillis(10), ProgressListener.NONE);
    }

    @Test
    void one_job_per_file_group_each_polled_to_completion() throws IOException {
        List<ImportJobRunner.FileGroup> groups = List.of(
                new ImportJobRunner.FileGroup("chunk-00000", List.of("d/c/chunk-00000/id.npy", "d/c/chunk-00000/embedding.npy"), 100),
                new ImportJobRunner.FileGroup("chunk-00001", List.of("d/c/chunk-00001/id.npy", "d/c/chunk-00001/embedding.npy"), 100),
                new ImportJobRunner.FileGroup("chunk-00002", List.of("d/c/chunk-00002/id.npy", "d/c/chunk-00002/embedding.npy"), 100));

        List<ImportJobRunner.Failure> failures = runner(client(), Duration.ofSeconds(30)).run(groups);

        assertThat(problems).isEmpty();
        assertThat(failures).isEmpty();
        assertThat(creates).hasSize(3);
        assertThat(creates).allSatisfy(body -> {
            assertThat(body.path("collectionName").asText()).isEqualTo("coll");
            assertThat(body.path("dbName").asText()).isEqualTo("db1");
            assertThat(body.path("files")).hasSize(1);
            assertThat(body.path("files").get(0)).hasSize(2);
        });
        assertThat(creates.stream().map(b -> b.path("files").get(0).get(0).asText()).sorted().toList())
                .containsExactly("d/c/chunk-00000/id.npy", "d/c/chunk-00001/id.npy", "d/c/chunk-00002/id.npy");
        assertThat(polls.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(3));
    }

    @Test
    void a_failed_job_and_a_refused_job_are_reported_with_their_files_and_reasons() throws IOException {
        List<ImportJobRunner.FileGroup> groups = List.of(
                new ImportJobRunner.FileGroup("good", List.of("c1/good/embedding.npy"), 100),
                new ImportJobRunner.FileGroup("broken", List.of("c1/broken/embedding.npy"), 100),
                new ImportJobRunner.FileGroup("refused", List.of("c1/refused/embedding.npy"), 100));

        List<ImportJobRunner.Failure> failures = runner(client(), Duration.ofSeconds(30)).run(groups);

        assertThat(problems).isEmpty();
        assertThat(failures).extracting(f -> f.group().name()).containsExactlyInAnyOrder("broken", "refused");
        assertThat(failures).filteredOn(f -> f.group().name().equals("broken")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("failed: import failed; c1/broken/embedding.npy: dim"
                        + " mismatch: expected 16, got 8"));
        assertThat(failures).filteredOn(f -> f.group().name().equals("refused")).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("c1/refused/embedding.npy")
                        .contains("code 1100, invalid parameter: collection not found")
                        .doesNotContain("Milvus\""));
    }

    @Test
    void a_job_that_outlives_the_timeout_is_reported_as_such() throws IOException {
        hasDescribe = true;
        List<ImportJobRunner.FileGroup> groups = List.of(new ImportJobRunner.FileGroup("slow", List.of("s/x.npy"), 100));

        List<ImportJobRunner.Failure> failures = runner(client(), Duration.ZERO).run(groups);

        assertThat(failures).singleElement().satisfies(f -> assertThat(f.reason())
                .matches("import job job-\\d+\\|s/x.npy did not finish within 0 s \\(last state PENDING, 0%\\)"));
    }

    @Test
    void a_server_without_describe_is_polled_through_get_progress() throws IOException {
        hasDescribe = false;
        List<ImportJobRunner.Failure> failures = runner(client(), Duration.ofSeconds(30))
                .run(List.of(new ImportJobRunner.FileGroup("g", List.of("g/a.parquet"), 100)));

        assertThat(failures).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void a_server_without_the_api_is_unsupported_so_load_can_fall_back() {
        RestBulkImport client = new RestBulkImport(MilvusTarget.of(uri() + "/nothing-here"));

        assertThatThrownBy(() -> client.submit("coll", null, List.of("a.npy")))
                .isInstanceOf(BulkImportException.class)
                .satisfies(e -> assertThat(((BulkImportException) e).unsupported()).isTrue())
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void the_probe_finds_the_api_where_the_server_lists_import_jobs_and_says_why_not_elsewhere() throws IOException {
        String found = client().probe();
        String notFound = new RestBulkImport(MilvusTarget.of(uri() + "/nothing-here")).probe();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String noServer = new RestBulkImport(MilvusTarget.of("http://127.0.0.1:" + closedPort)).probe();

        assertThat(problems).isEmpty();
        assertThat(found).isNull();
        assertThat(notFound).contains("/v2/vectordb/jobs/import/list").contains("answered HTTP 404");
        assertThat(noServer).contains("got no HTTP answer").contains("127.0.0.1:" + closedPort);
    }

    @Test
    void the_journal_records_each_job_so_a_later_run_can_wait_for_one_that_outlived_its_runner()
            throws IOException {
        List<String> journal = new CopyOnWriteArrayList<>();
        ImportJobRunner.Journal recorder = new ImportJobRunner.Journal() {
            @Override
            public void started(ImportJobRunner.FileGroup group) {
                journal.add("started " + group.name());
            }

            @Override
            public void submitted(ImportJobRunner.FileGroup group, String jobId) {
                journal.add("submitted " + group.name() + " " + jobId);
            }

            @Override
            public void completed(ImportJobRunner.FileGroup group) {
                journal.add("completed " + group.name());
            }
        };
        ImportJobRunner.FileGroup group = new ImportJobRunner.FileGroup("slow", List.of("s/x.npy"), 100);

        List<ImportJobRunner.Failure> failures = runner(client(), Duration.ZERO).run(List.of(group), recorder);
        String jobId = journal.get(1).substring("submitted slow ".length());
        String later = runner(client(), Duration.ofSeconds(30)).await(group, jobId);

        assertThat(failures).hasSize(1);
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0)).isEqualTo("started slow");
        assertThat(jobId).startsWith("job-");
        assertThat(later).isNull();
    }
}
