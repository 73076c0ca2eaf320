package dev.holdfast.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: one command, its own options, and {@code --key=value} property overrides.
 * Parsing never touches the network or the disk; a bad argument is a {@link UsageException}.
 */
record CommandLine(Command command, Optional<Instant> from, Optional<Instant> to, Optional<Integer> port,
                   Map<String, String> overrides) {

    enum Command {
        DEMO, RUN, EXPORT, VERIFY, SANDBOX;

        static Command of(String word) {
            for (Command c : values()) {
                if (c.name().equalsIgnoreCase(word)) {
                    return c;
                }
            }
            throw new UsageException("unknown command '" + word + "'");
        }
    }

    static final String USAGE = """
            usage: java -jar holdfast.jar <command> [options] [--key=value ...]

            commands:
              demo                          export the built-in sandbox's held recordings into ./export
              run                           service mode: the schedule, the console, health and metrics
              export [--from ISO --to ISO]  one window now (default: holdfast.window ending now), then exit
              verify                        re-read every delivered file and check it against bags and ledger
              sandbox [--port N]            the Genesys sandbox alone, to point a run at

            --key=value overrides any setting of application.properties (e.g. --holdfast.destination=s3);
            so do -Dkey=value and environment variables (GENESYS_CLIENT_SECRET for genesys.client-secret).
            secrets only from the environment: run refuses them as --key=value or -D, other commands warn.
            exit codes: 0 complete, 1 fatal, 2 usage, 3 pending (run again later), 4 verify mismatch
            """;

    static CommandLine parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no command given");
        }
        Command command = Command.of(args.get(0));
        Instant from = null;
        Instant to = null;
        Integer port = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            switch (name) {
                case "from" -> from = instant(command, name, value);
                case "to" -> to = instant(command, name, value);
                case "port" -> port = port(command, value);
                default -> {
                    if (!name.contains(".")) {
                        throw new UsageException("unknown option --" + name);
                    }
                    overrides.put(name, value);
                }
            }
        }
        if ((from == null) != (to == null)) {
            throw new UsageException("--from and --to go together");
        }
        if (from != null && !from.isBefore(to)) {
            throw new UsageException("--from must be before --to (the window is [from, to))");
        }
        return new CommandLine(command, Optional.ofNullable(from), Optional.ofNullable(to),
                Optional.ofNullable(port), Map.copyOf(overrides));
    }

    private static Instant instant(Command command, String name, String value) {
        if (command != Command.EXPORT) {
            throw new UsageException("--" + name + " belongs to export only");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " '" + value + "' is not an ISO-8601 instant (2026-11-24T07:05:00Z)");
        }
    }

    private static int port(Command command, String value) {
        if (command != Command.SANDBOX) {
            throw new UsageException("--port belongs to sandbox only (use --holdfast.http.port for the console)");
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port '" + value + "' is not a port number");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
