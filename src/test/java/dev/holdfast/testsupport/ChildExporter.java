package dev.holdfast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exporter in a child JVM ({@code dev.holdfast.cli.Holdfast export}, or another command, on this test's class path), so a test
 * can {@code kill -9} it ({@link Process#destroyForcibly()} is SIGKILL on Linux) and start it again on the same
 * ledger and destination. Its output goes to a log file under {@code target/child-logs}.
 */
public final class ChildExporter implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildExporter(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param workDir  the child's working folder (no {@code routes/} there: the routes inside the class path run)
     * @param jvmArgs  e.g. {@code -Xmx128m}, {@code -Daws.accessKeyId=...}
     * @param settings {@code --key=value} settings, as the command line takes them
     * @param command  a wrapper to run the JVM in (e.g. {@code unshare ...}), or empty
     */
    public static ChildExporter start(Path workDir, List<String> jvmArgs, Map<String, String> settings,
                                      List<String> command, String... exportArgs) {
        List<String> args = new ArrayList<>(List.of(exportArgs));
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        return command(workDir, jvmArgs, Map.of(), command, "export", args);
    }

    /**
     * Any command of the command line ({@code run}, {@code export}, ...) with its arguments as given.
     *
     * @param environment variables added to this JVM's own, e.g. {@code GENESYS_CLIENT_SECRET}
     */
    public static ChildExporter command(Path workDir, List<String> jvmArgs, Map<String, String> environment,
                                        List<String> wrapper, String holdfastCommand, List<String> args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        // absolute: the child runs in its own working folder (the benchmark is started with a relative class path)
        cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Paths.get(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        cmd.add("dev.holdfast.cli.Holdfast");
        cmd.add(holdfastCommand);
        cmd.addAll(args);
        try {
            Files.createDirectories(workDir);
            // under target/, kept after the run for diagnosis
            Path logs = Files.createDirectories(Paths.get("target", "child-logs"));
            Path log = Files.createTempFile(logs, "child-", ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ChildExporter(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ChildExporter start(Path workDir, List<String> jvmArgs, Map<String, String> settings, String... exportArgs) {
        return start(workDir, jvmArgs, settings, List.of(), exportArgs);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush runs. Waits until the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** The exit code, or throws when the child has not ended within {@code atMost}. */
    public int awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child exporter still running after " + atMost + "; log " + log + ":\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail() {
        String text = logText();
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }
}
