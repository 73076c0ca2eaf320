package dev.holdfast.ops.console;

import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Hawtio's war (carried in the jar) as a web application at {@code /hawtio}, with authentication on (the
 * {@code holdfast} JAAS realm and its operator and viewer roles), the Connect proxy off, Jolokia held to the
 * policy of {@code console/jolokia-access.xml}, and {@link ConsoleGate} in front of everything.
 */
final class HawtioWebapp {

    static final String WAR = "/hawtio/hawtio.war";

    private HawtioWebapp() {
    }

    /** True when the jar carries the war (a build from the IDE may not). */
    static boolean available() {
        return HawtioWebapp.class.getResource(WAR) != null;
    }

    /**
     * @param origins the console's own origins ({@code http://127.0.0.1:8080}): the only ones Jolokia answers
     *                browsers from
     */
    static WebAppContext create(ConsoleUsers users, List<String> origins, Path work) {
        Path war = work.resolve("hawtio.war");
        Path policy = work.resolve("jolokia-access.xml");
        copyResource(WAR, war);
        writePolicy(origins, policy);
        ConsoleRealm.install(users);
        // Hawtio and its Jolokia read their settings from system properties (one console per JVM)
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.authenticationThrottled", "true");
        System.setProperty("hawtio.realm", ConsoleRealm.NAME);
        System.setProperty("hawtio.roles", ConsoleUsers.OPERATOR + "," + ConsoleUsers.VIEWER);
        System.setProperty("hawtio.rolePrincipalClasses", ConsoleRole.class.getName());
        // the Connect tab's proxy would let a console user make this host call others (SSRF)
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.proxyAllowlist", "localhost,127.0.0.1");
        System.setProperty("jolokia.policyLocation", policy.toUri().toString());

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/hawtio");
        webapp.setWar(war.toString());
        webapp.setExtractWAR(true);
        webapp.setTempDirectory(work.resolve("webapp").toFile());
        // "/hawtio" itself goes through the gate too, instead of a redirect to "/hawtio/"
        webapp.setAllowNullPathInContext(true);
        webapp.addFilter(new FilterHolder(new ConsoleGate(users)), "/*", EnumSet.of(DispatcherType.REQUEST));
        return webapp;
    }

    private static void writePolicy(List<String> origins, Path target) {
        String template = readResource("/console/jolokia-access.xml");
        StringBuilder allowed = new StringBuilder();
        // a browser's GET carries no Origin: Jolokia takes it from the Referer, which ends in "/"
        origins.forEach(o -> allowed.append("    <allow-origin>").append(o).append("</allow-origin>\n")
                .append("    <allow-origin>").append(o).append("/</allow-origin>\n"));
        try {
            Files.writeString(target, template.replace("${origins}", allowed.toString().stripTrailing()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Jolokia policy to " + target, e);
        }
    }

    private static String readResource(String name) {
        try (InputStream in = Optional.ofNullable(HawtioWebapp.class.getResourceAsStream(name))
                .orElseThrow(() -> new IllegalStateException(name + " is missing from the jar"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path target) {
        try (InputStream in = Optional.ofNullable(HawtioWebapp.class.getResourceAsStream(name))
                .orElseThrow(() -> new IllegalStateException(name + " is missing from the jar"))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Hawtio console to " + target, e);
        }
    }
}
