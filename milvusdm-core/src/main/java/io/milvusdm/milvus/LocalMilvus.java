package io.milvusdm.milvus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Milvus that milvusdm starts itself, for jobs that name no server or give a local path as their URI:
 * Milvus Lite's server mode ({@code milvus-lite server}) on a data directory, bound to 127.0.0.1 on a free
 * port, stopped when the job ends. Its data stays in the directory for the next job or for
 * {@code scripts/milvus-local start --data-dir DIR}.
 *
 * <p>When {@code scripts/milvus-local} already runs a server on the directory (its {@code milvus-local.pid} names a
 * live process, its {@code milvus-local.state} the port), the job uses that server and leaves it running.
 *
 * <p>The server it starts is recorded in {@code <dir>.milvusdm.pid} until it is stopped. A run that was killed
 * (kill -9, out of memory) cannot stop it, and the server keeps the directory's lock, so the next run could not
 * start one: a server that file names, still alive and still a {@code milvus-lite server} on this directory, is
 * one an interrupted run left behind, and is stopped first.
 *
 * <p>The executable is {@code $MILVUSDM_MILVUS_LITE}, else {@code milvus-lite} on the PATH. When neither
 * exists and {@code $MILVUSDM_LOCAL_INSTALLER} names an installer (bin/milvusdm sets it to
 * scripts/python-env), that installer runs once and the executable beside the Python it prints is used.
 */
public final class LocalMilvus implements AutoCloseable {

    public static final String ENV_EXECUTABLE = "MILVUSDM_MILVUS_LITE";
    public static final String ENV_INSTALLER = "MILVUSDM_LOCAL_INSTALLER";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger log = LoggerFactory.getLogger(LocalMilvus.class);

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;

    private LocalMilvus(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.shutdownHook = process == null ? null : new Thread(process::destroy, "milvusdm-local-milvus-stop");
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Uses the server scripts/milvus-local runs on the data directory, or starts one there and waits until it
     * answers.
     */
    public static LocalMilvus start(Path dataDir, Map<String, String> environment) throws IOException {
        Integer runningPort = scriptServerPort(dataDir);
        if (runningPort != null) {
            log.info("using the local Milvus that scripts/milvus-local runs on {} (port {})", dataDir, runningPort);
            return new LocalMilvus(null, dataDir, runningPort);
        }
        Path executable = findExecutable(environment);
        Files.createDirectories(dataDir);
        stopLeftBehind(dataDir);
        int port = freeLoopbackPort();
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".milvusdm.log");
        List<String> command = List.of(executable.toString(), "server", "--data-dir", dataDir.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port));
        log.info("starting a local Milvus on {} (port {}, log {})", dataDir, port, logFile);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        LocalMilvus milvus = new LocalMilvus(process, dataDir, port);
        try {
            Files.writeString(pidFile(dataDir), process.pid() + "\n");
            milvus.awaitReady(logFile);
            return milvus;
        } catch (IOException | RuntimeException e) {
            milvus.close();
            throw e;
        }
    }

    static Path pidFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".milvusdm.pid");
    }

    /**
     * Stops the server an interrupted run started on the directory and could not stop: the process its pid file
     * names, if it is alive and its command line is still {@code milvus-lite server --data-dir <dir>} (a pid the
     * system gave to another process since is left alone).
     */
    static void stopLeftBehind(Path dataDir) throws IOException {
        Path pidFile = pidFile(dataDir);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle left = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        String commandLine = left == null ? "" : left.info().commandLine().orElse("");
        if (left != null && commandLine.contains("milvus-lite") && commandLine.contains(" server ")
                && commandLine.contains("--data-dir " + dataDir)) {
            log.info("stopping the local Milvus an interrupted run left on {} (pid {})", dataDir, pid);
            left.destroy();
            if (!awaitExit(left, 15) && left.destroyForcibly() && !awaitExit(left, 5)) {
                throw new IOException("could not stop the local Milvus left on " + dataDir + " (pid " + pid + ")");
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean awaitExit(ProcessHandle process, int seconds) throws IOException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping a local Milvus (pid " + process.pid() + ")", e);
        } catch (ExecutionException e) {
            throw new IOException("could not wait for the local Milvus (pid " + process.pid() + ") to stop", e);
        }
    }

    /** The port of a live server that scripts/milvus-local started on the directory, or null. */
    static Integer scriptServerPort(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("milvus-local.pid");
            Path stateFile = dataDir.resolve("milvus-local.state");
            if (!Files.isRegularFile(pidFile) || !Files.isRegularFile(stateFile)) {
                return null;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                    if (line.startsWith("port=")) {
                        return Integer.parseInt(line.substring("port=".length()).trim());
                    }
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void awaitReady(Path logFile) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the local Milvus on " + dataDir + " exited with code " + process.exitValue()
                        + " before it answered; its log says:\n" + tail(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IOException("the local Milvus on " + dataDir + " did not answer on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; its log says:\n" + tail(logFile));
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the local Milvus", e);
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path findExecutable(Map<String, String> environment) throws IOException {
        String configured = environment.get(ENV_EXECUTABLE);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            String installer = environment.get(ENV_INSTALLER);
            if (installer != null && !installer.isBlank()) {
                Path python = install(Path.of(installer));
                Path installed = python.resolveSibling("milvus-lite");
                if (Files.isExecutable(installed)) {
                    return installed;
                }
            }
            throw new IOException(ENV_EXECUTABLE + " names " + path + ", which is not an executable milvus-lite");
        }
        for (String dir : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "milvus-lite");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException("this job needs a local Milvus, but milvus-lite is not installed: run"
                + " scripts/milvus-local install (or pip install milvus-lite==3.2.2), or name a server with"
                + " dest_host/dest_uri");
    }

    private static Path install(Path installer) throws IOException {
        log.info("installing a local Milvus (milvus-lite) with {}", installer);
        Process process = new ProcessBuilder(installer.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("installing the local Milvus with " + installer + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing the local Milvus", e);
        }
        String[] lines = out.split("\n");
        return Path.of(lines[lines.length - 1].trim());
    }

    /** Stops the server if this job started it: TERM, then KILL after a grace period. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself stops the process
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile(dataDir));
        } catch (IOException e) {
            log.debug("could not delete {}: {}", pidFile(dataDir), e.getMessage());
        }
    }

}
