package dev.holdfast.cli;

import dev.holdfast.config.ExitCode;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code demo}, {@code run}, {@code export}, {@code verify}, {@code sandbox}. */
public final class Holdfast {

    private Holdfast() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err).code());
    }

    static ExitCode execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(Arrays.asList(args));
        } catch (CommandLine.UsageException e) {
            err.println("holdfast: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return ExitCode.USAGE;
        }
        return switch (line.command()) {
            case SANDBOX -> sandbox(line, out);
            default -> {
                err.println("holdfast: '" + line.command().name().toLowerCase()
                        + "' lands with the export pipeline and is not available in this build");
                yield ExitCode.FATAL;
            }
        };
    }

    private static ExitCode sandbox(CommandLine line, PrintStream out) {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(1L), "127.0.0.1", line.port().orElse(18080))) {
            out.println("Genesys sandbox listening on " + sandbox.baseUrl()
                    + " (client id holdfast-demo, secret holdfast-demo); stop with Ctrl-C");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
            return ExitCode.COMPLETE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.COMPLETE;
        }
    }
}
