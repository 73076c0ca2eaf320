package dev.holdfast.testsupport;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL cluster for tests: {@code initdb} into a temporary folder, the server on
 * 127.0.0.1 and a free port (its unix socket in that folder too), trust authentication for user
 * {@code postgres}, an empty database per {@link #createDatabase()}. Starts in about a second: share one per
 * test class. {@link #close()} stops it ({@code pg_ctl stop -m fast}) and deletes the folder.
 * <p>
 * initdb refuses to run as root: as root, the folder is handed to the {@code postgres} OS user and the
 * binaries run as that user through {@code su}. Without PostgreSQL the start fails, never skips: CI installs
 * it ({@code .ci/run}).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final Thread stopAtExit;
    private boolean stopped;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        // a test JVM that ends without close() must not leave a server behind
        this.stopAtExit = new Thread(this::stop, "postgres-stop-" + port);
    }

    /** One empty database of this cluster. */
    public record Database(String url, String user) {

        public DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(user);
            return dataSource;
        }

        /** The exporter's {@code holdfast.db.*} settings for this database. */
        public Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("holdfast.db.url", url);
            settings.put("holdfast.db.user", user);
            settings.put("holdfast.db.password", "");
            return settings;
        }
    }

    /** Creates and starts a cluster; fails with the reason (PostgreSQL missing, initdb or start failed). */
    public static PostgresServer start() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: no initdb"
                + " on PATH nor under /usr/lib/postgresql/*/bin. Install it (Debian: apt-get install postgresql);"
                + " .ci/run does this before the build."));
        try {
            Path dir = Files.createTempDirectory("holdfast-pg");
            if (runningAsRoot()) {
                handToOsUser(dir);
            }
            PostgresServer server = new PostgresServer(bin, dir, freePort());
            try {
                server.run("initdb", "-D", server.data.toString(), "-U", USER, "--auth=trust", "--no-sync",
                        "--encoding=UTF8", "--locale=C");
                server.run("pg_ctl", "-D", server.data.toString(), "-l", dir.resolve("server.log").toString(),
                        // a throwaway cluster: durability against an OS crash only costs time here
                        "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                        "-w", "-t", "30", "start");
                Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            } catch (RuntimeException e) {
                String log = server.logTail();
                server.stop();
                throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + log, e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL cluster", e);
        }
    }

    /** A new, empty database (its own schema per test: no test sees another's rows). */
    public Database createDatabase() {
        String name = "holdfast_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new Database(url(name), USER);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs stop(), which has nothing left to do
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
        } finally {
            deleteTree(dir);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs one of the cluster's binaries (as the postgres OS user when this JVM is root); fails on a non-zero exit. */
    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        if (runningAsRoot()) {
            String line = String.join(" ", command.stream().map(PostgresServer::shellQuoted).toList());
            command = List.of("su", OS_USER, "-s", "/bin/sh", "-c", line);
        }
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within 60 s:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (exit " + process.exitValue() + "): " + command
                        + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    /** The folder holding initdb and pg_ctl: on PATH (Debian links none there), else the newest installed major. */
    static Optional<Path> binaries() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path initdb = Paths.get(entry.isEmpty() ? "." : entry, "initdb");
            if (Files.isExecutable(initdb)) {
                Path real = resolved(initdb);
                if (Files.isExecutable(real.resolveSibling("pg_ctl"))) {
                    return Optional.of(real.getParent());
                }
            }
        }
        Path installed = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(installed)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(installed)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> major(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // a link on PATH (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) must lead to its own pg_ctl
    private static Path resolved(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void handToOsUser(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        try {
            view.setOwner(users.lookupPrincipalByName(OS_USER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
            view.setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, PostgreSQL needs the '" + OS_USER + "' OS user to run"
                    + " initdb (it refuses root); the Debian package creates it", e);
        }
    }

    private String logTail() {
        Path log = dir.resolve("server.log");
        try {
            if (!Files.exists(log)) {
                return "(none)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String shellQuoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
