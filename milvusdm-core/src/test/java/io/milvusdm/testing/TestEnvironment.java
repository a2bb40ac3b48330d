package io.milvusdm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the test environment is: the project root, the pinned Python that writes fixtures, and the Milvus
 * server that scripts/test started. Tests that need one of them fail, never skip, when it is missing.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** The project root: the nearest directory upward holding {@code mvnw}. */
    public static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no mvnw above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    /** The pinned Python: {@code -Dmilvusdm.python}, else {@code .milvusdm/venv/bin/python} (scripts/python-env). */
    public static Path python() {
        String configured = System.getProperty("milvusdm.python");
        Path python = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : projectRoot().resolve(".milvusdm/venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no Python environment at " + python + ": run scripts/python-env");
        }
        return python;
    }

    /** The Milvus server for integration tests: {@code -Dmilvusdm.it.uri}, set by scripts/test. */
    public static String milvusUri() {
        String uri = System.getProperty("milvusdm.it.uri");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException(
                    "integration tests need a Milvus server: run scripts/test, or pass -Dmilvusdm.it.uri=http://127.0.0.1:PORT");
        }
        return uri;
    }

    /**
     * A full Milvus with authorization on (user root, password Milvus) for the tests that need what Milvus Lite
     * lacks: checked credentials and binary vectors. {@code -Dmilvusdm.it.auth.uri}, set by scripts/test, which
     * starts {@code scripts/milvus-local start --server milvus23 --auth}.
     */
    public static String milvusAuthUri() {
        String uri = System.getProperty("milvusdm.it.auth.uri");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("this test needs a Milvus with authorization: run scripts/test, or start"
                    + " scripts/milvus-local start --server milvus23 --auth --port P and pass"
                    + " -Dmilvusdm.it.auth.uri=http://127.0.0.1:P");
        }
        return uri;
    }

    /**
     * The folder the {@link #milvusAuthUri()} server (PyPI milvus 2.3.5, {@code common.storageType: local}) resolves
     * bulk import paths against: its working directory, which scripts/milvus-local makes its data directory.
     * {@code -Dmilvusdm.it.auth.storage}, set by scripts/test.
     */
    public static Path milvusAuthStorageRoot() {
        String dir = System.getProperty("milvusdm.it.auth.storage");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("this test needs the data directory of the milvus23 server: run"
                    + " scripts/test, or pass -Dmilvusdm.it.auth.storage=DIR (its --data-dir)");
        }
        return Path.of(dir);
    }

    /**
     * A second Milvus Lite, the target of Milvus to Milvus tests (the source is {@link #milvusUri()}):
     * {@code -Dmilvusdm.it.uri2}, set by scripts/test.
     */
    public static String milvusUri2() {
        String uri = System.getProperty("milvusdm.it.uri2");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("Milvus to Milvus tests need a second server: run scripts/test, or start"
                    + " scripts/milvus-local start --server lite --port P2 and pass -Dmilvusdm.it.uri2=http://127.0.0.1:P2");
        }
        return uri;
    }

    /** The root password of the {@link #milvusAuthUri()} server. */
    public static final String AUTH_USER = "root";
    public static final String AUTH_PASSWORD = "Milvus";

    /**
     * The token for {@link #milvusUri()}: {@code -Dmilvusdm.it.token} ("user:password"), empty when the server has
     * no authorization (lite, lite25, milvus23 without --auth).
     */
    public static String milvusToken() {
        return System.getProperty("milvusdm.it.token", "");
    }

    /**
     * The S3-compatible server for the object-store integration tests (S3Proxy, started by scripts/test through
     * {@code scripts/s3-local}): {@code -Dmilvusdm.it.s3.endpoint}, e.g. {@code http://127.0.0.1:18080}.
     */
    public static String s3Endpoint() {
        String endpoint = System.getProperty("milvusdm.it.s3.endpoint");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("this test needs an S3-compatible server: run scripts/test, or start"
                    + " scripts/s3-local start --port P and pass -Dmilvusdm.it.s3.endpoint=http://127.0.0.1:P"
                    + " (with -Dmilvusdm.it.s3.accessKey / -Dmilvusdm.it.s3.secretKey when not the defaults)");
        }
        return endpoint;
    }

    /** The access key of {@link #s3Endpoint()}: {@code -Dmilvusdm.it.s3.accessKey}, else scripts/s3-local's default. */
    public static String s3AccessKey() {
        return System.getProperty("milvusdm.it.s3.accessKey", "milvusdm-local");
    }

    /** The secret key of {@link #s3Endpoint()}: {@code -Dmilvusdm.it.s3.secretKey}, else scripts/s3-local's default. */
    public static String s3SecretKey() {
        return System.getProperty("milvusdm.it.s3.secretKey", "milvusdm-local-secret");
    }

    /**
     * The MariaDB server scripts/test starts ({@code scripts/mariadb-local}) for the Milvus 1.x MySQL-meta tests:
     * {@code -Dmilvusdm.it.mysql.url=mysql://USER@127.0.0.1:PORT} and {@code -Dmilvusdm.it.mysql.password.file=FILE}
     * (the password stays in a file, off command lines). The user may create databases named {@code milvus*}.
     */
    public record MySqlServer(String host, int port, String user, Path passwordFile) {
        public String password() {
            try {
                return Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static MySqlServer mysqlServer() {
        String url = System.getProperty("milvusdm.it.mysql.url");
        String passwordFile = System.getProperty("milvusdm.it.mysql.password.file");
        if (url == null || url.isBlank() || passwordFile == null || passwordFile.isBlank()) {
            throw new IllegalStateException("this test needs a MariaDB server: run scripts/test, or start"
                    + " scripts/mariadb-local start --port P --data-dir D and pass"
                    + " -Dmilvusdm.it.mysql.url=mysql://milvusdm@127.0.0.1:P -Dmilvusdm.it.mysql.password.file=D/password");
        }
        java.net.URI uri = java.net.URI.create(url);
        return new MySqlServer(uri.getHost(), uri.getPort(), uri.getUserInfo(), Path.of(passwordFile));
    }

    /**
     * Runs a fixture script from {@code scripts/fixtures/} with the pinned Python and returns its stdout;
     * a non-zero exit fails with the script's stderr.
     */
    public static String runFixtureScript(String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(python().toString());
        command.add(projectRoot().resolve("scripts/fixtures").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("fixture", ".err");
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("fixture script timed out: " + command);
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("fixture script failed (" + process.exitValue() + "): " + command
                        + "\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
