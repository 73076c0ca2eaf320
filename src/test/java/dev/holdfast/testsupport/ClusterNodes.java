package dev.holdfast.testsupport;

import dev.holdfast.sandbox.GenesysSandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a cluster as an operator starts it: {@code holdfast run} in a JVM of its own, with its own OAuth
 * client and spool, on the shared PostgreSQL ledger, delivering to the shared folder.
 */
public final class ClusterNodes {

    private ClusterNodes() {
    }

    /**
     * Starts the node. The schedule fires every minute instead of the shipped quarter hour: a firing, a kill and the
     * next firing would otherwise take three quarters of an hour; the cluster behaves the same at either period.
     *
     * @param extra settings on top of the node's own (e.g. {@code holdfast.concurrency})
     */
    public static ChildExporter start(GenesysSandbox sandbox, PostgresServer.Database database, Path export, Path home,
                                      String node, List<String> jvm, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(database.settings());
        settings.put("genesys.api-url", sandbox.baseUrl().toString());
        settings.put("genesys.login-url", sandbox.baseUrl().toString());
        settings.put("genesys.client-id", node + "-client");
        settings.put("holdfast.media.allowed-hosts", sandbox.mediaHost());
        settings.put("holdfast.destination", "file");
        settings.put("holdfast.file.dir", export.toString());
        settings.put("holdfast.spool-dir", home.resolve("spool").toAbsolutePath().toString());
        settings.put("holdfast.node", node);
        settings.put("holdfast.http.port", "0");
        settings.put("holdfast.console.enabled", "false");
        settings.put("holdfast.schedule", "0 * * * * ?");
        settings.putAll(extra);
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        return ChildExporter.command(home, jvm, Map.of("GENESYS_CLIENT_SECRET", node + "-secret"), List.of(), "run", args);
    }
}
