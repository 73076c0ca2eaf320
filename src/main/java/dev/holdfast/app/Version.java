package dev.holdfast.app;

/** Holdfast's own version, as the jar's manifest states it (bags and sidecars record it). */
public final class Version {

    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-dev" : version;
    }
}
