package dev.holdfast.ledger;

import java.lang.management.ManagementFactory;

/**
 * Whether the node holding a lease is a process of this host that no longer runs: a node is named
 * {@code pid@host} by default (the JVM's own name), and a {@code kill -9} runs no code that would free its leases.
 */
final class LocalProcesses {

    private static final String THIS_HOST = hostOf(ManagementFactory.getRuntimeMXBean().getName());

    private LocalProcesses() {
    }

    /**
     * True only when the owner is {@code pid@host} (a lock owner may add {@code /what} after it), the host is this
     * host and no process with that pid runs here. Any other name (set by {@code holdfast.node}, or of another
     * host) is never judged: its lease runs out instead.
     */
    static boolean gone(String owner) {
        if (owner == null || THIS_HOST == null) {
            return false;
        }
        String node = owner.contains("/") ? owner.substring(0, owner.indexOf('/')) : owner;
        int at = node.indexOf('@');
        if (at <= 0 || !node.substring(at + 1).equals(THIS_HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(node.substring(0, at));
            return pid != ProcessHandle.current().pid() && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The host part of a {@code pid@host} name; null when it has none. */
    private static String hostOf(String name) {
        int at = name.indexOf('@');
        return at > 0 && at < name.length() - 1 ? name.substring(at + 1) : null;
    }
}
