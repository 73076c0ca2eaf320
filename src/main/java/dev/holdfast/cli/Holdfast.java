package dev.holdfast.cli;

import dev.holdfast.app.HoldfastApp;
import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.ExitCode;
import dev.holdfast.deliver.DestinationUnavailableException;
import dev.holdfast.discover.Window;
import dev.holdfast.genesys.GenesysAuthenticationException;
import dev.holdfast.genesys.GenesysUnavailableException;
import dev.holdfast.ops.OpsBeans;
import dev.holdfast.ops.console.ConsoleServer;
import dev.holdfast.run.RunSummary;
import dev.holdfast.run.Runs;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code demo}, {@code run}, {@code export}, {@code verify}, {@code sandbox}. */
public final class Holdfast {

    private Holdfast() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err).code());
    }

    public static ExitCode execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(Arrays.asList(args));
        } catch (CommandLine.UsageException e) {
            err.println("holdfast: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return ExitCode.USAGE;
        }
        List<String> exposed = ExposedSecrets.find(line.overrides(), System.getProperties());
        if (line.command() == CommandLine.Command.RUN && !exposed.isEmpty()) {
            // a service runs for months with its console open: its command line must not carry a secret
            exposed.forEach(e -> err.println("holdfast: refusing to start: " + e));
            return ExitCode.FATAL;
        }
        exposed.forEach(e -> err.println("holdfast: warning: " + e));
        try {
            return switch (line.command()) {
                case SANDBOX -> sandbox(line, out);
                case EXPORT -> export(line, out);
                case DEMO -> Demo.run(line.overrides(), out);
                case RUN -> service(line, out);
                case VERIFY -> Verify.run(line.overrides(), out);
            };
        } catch (java.io.IOException e) {
            err.println("holdfast: destination unreadable: " + e.getMessage());
            return ExitCode.FATAL;
        } catch (ConfigurationException | GenesysAuthenticationException e) {
            err.println("holdfast: " + e.getMessage());
            return ExitCode.FATAL;
        } catch (RuntimeException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof ConfigurationException || cause instanceof GenesysAuthenticationException) {
                err.println("holdfast: " + cause.getMessage());
                return ExitCode.FATAL;
            }
            if (cause instanceof DestinationUnavailableException) {
                err.println("holdfast: " + cause.getMessage());
                return ExitCode.FATAL;
            }
            if (cause instanceof GenesysUnavailableException) {
                err.println("holdfast: Genesys unavailable, nothing lost, run again later: " + cause.getMessage());
                return ExitCode.PENDING;
            }
            err.println("holdfast: " + cause);
            return ExitCode.FATAL;
        }
    }

    private static ExitCode export(CommandLine line, PrintStream out) {
        try (HoldfastApp app = HoldfastApp.start(line.overrides(), false)) {
            Window window = line.from().isPresent()
                    ? new Window(line.from().get(), line.to().get())
                    : app.bean("runs", Runs.class).defaultWindow();
            RunSummary summary = app.export(window);
            out.println(summary.render());
            return summary.exitCode();
        }
    }

    private static ExitCode service(CommandLine line, PrintStream out) {
        try (HoldfastApp app = HoldfastApp.start(line.overrides(), true)) {
            ConsoleServer console = app.bean(OpsBeans.CONSOLE, ConsoleServer.class);
            out.println("holdfast running: schedule '" + app.context().resolvePropertyPlaceholders("{{holdfast.schedule}}")
                    + "'; console " + console.baseUrl() + "/hawtio, health " + console.baseUrl() + "/observe/health, metrics "
                    + console.baseUrl() + "/observe/metrics; stop with Ctrl-C (runs in flight finish or stay pending)");
            app.awaitShutdown();
            return ExitCode.COMPLETE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.COMPLETE;
        }
    }

    private static ExitCode sandbox(CommandLine line, PrintStream out) {
        Scenario scenario = Scenario.defaults(Long.parseLong(line.overrides().getOrDefault("sandbox.seed", "1")));
        int liveCalls = Integer.parseInt(line.overrides().getOrDefault("sandbox.live-calls", "0"));
        if (liveCalls > 0) {
            // calls still going on: to try what a run does with them (they end after two minutes)
            scenario = scenario.toBuilder().liveCalls(liveCalls, Duration.ofMinutes(2), Duration.ofSeconds(20)).build();
        }
        scenario = SandboxSettings.withMediaTypes(scenario, line.overrides());
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", line.port().orElse(18080))) {
            out.println("Genesys sandbox listening on " + sandbox.baseUrl()
                    + " (client id holdfast-demo, secret holdfast-demo; media host " + sandbox.mediaHost()
                    + "); stop with Ctrl-C");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
            return ExitCode.COMPLETE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.COMPLETE;
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConfigurationException || cause instanceof GenesysAuthenticationException
                    || cause instanceof GenesysUnavailableException || cause instanceof DestinationUnavailableException) {
                return cause;
            }
            cause = cause.getCause();
        }
        return cause;
    }
}
